using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Producers;

public enum ProducerKind { Cooperative, Enterprise, HouseholdBusiness, CooperativeGroup }

/// <summary>What a client sends to create or replace a producer (OCOP subject).</summary>
public sealed record ProducerFields(
    string? LegalName, ProducerKind? Kind, string? TaxCode, string? Province, string? District,
    string? Commune, string? Address, string? Phone, string? Email);

public sealed record Producer(
    string Id, string LegalName, ProducerKind Kind, string TaxCode, string Province, string? District,
    string Commune, string? Address, string? Phone, string? Email, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public static class ProducerRules
{
    /// <summary>Validates and normalises every field at once; returns the clean fields or the errors.</summary>
    public static ProducerFields? Validate(ProducerFields input, FieldErrors errors)
    {
        var legalName = errors.Text("legalName", input.LegalName, 200, required: true);
        if (input.Kind is null) errors.Add("kind", "Choose one: cooperative, enterprise, householdBusiness, cooperativeGroup.");

        var taxCode = Producers.TaxCode.Read("taxCode", input.TaxCode, errors);

        var province = errors.Text("province", input.Province, 100, required: true);
        // Districts were abolished on 1 July 2025; records made before then keep theirs.
        var district = errors.Text("district", input.District, 100);
        var commune = errors.Text("commune", input.Commune, 100, required: true);
        var address = errors.Text("address", input.Address, 300);

        var phone = VietnamesePhone.Read("phone", input.Phone, errors);
        var email = EmailAddress.Read("email", input.Email, errors);

        return errors.Any ? null : new ProducerFields(legalName, input.Kind, taxCode, province, district, commune, address, phone, email);
    }
}
