using System.Net.Mail;
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

        string? taxCode = null;
        if (string.IsNullOrWhiteSpace(input.TaxCode)) errors.Add("taxCode", "This field is required.");
        else if ((taxCode = Producers.TaxCode.Normalize(input.TaxCode)) is null)
            errors.Add("taxCode", "Not a valid Vietnamese tax code: 10 digits with a correct check digit, optionally -NNN for a branch, or a 12-digit citizen id number.");

        var province = errors.Text("province", input.Province, 100, required: true);
        // Districts were abolished on 1 July 2025; records made before then keep theirs.
        var district = errors.Text("district", input.District, 100);
        var commune = errors.Text("commune", input.Commune, 100, required: true);
        var address = errors.Text("address", input.Address, 300);

        string? phone = null;
        if (!string.IsNullOrWhiteSpace(input.Phone) && (phone = VietnamesePhone.Normalize(input.Phone)) is null)
            errors.Add("phone", "Not a Vietnamese mobile number (10 digits starting 03, 05, 07, 08 or 09, or +84…).");

        string? email = null;
        if (!string.IsNullOrWhiteSpace(input.Email))
        {
            email = input.Email.Trim();
            if (email.Length > 254 || !MailAddress.TryCreate(email, out var parsed) || parsed.Address != email || !email.Contains('.'))
            { errors.Add("email", "Not a valid e-mail address."); email = null; }
        }

        return errors.Any ? null : new ProducerFields(legalName, input.Kind, taxCode, province, district, commune, address, phone, email);
    }
}
