using OcopTrade.Functions.Linkage;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Producers;

namespace OcopTrade.Functions.Buyers;

/// <summary>The buyers the programme connects producers with (issue 20): supermarket and convenience-store chains,
/// distributors, exporters, tourism businesses.</summary>
public enum BuyerKind { SupermarketChain, ConvenienceChain, Distributor, Exporter, TourismBusiness }

public enum BuyerStatus { Pending, Verified, Rejected }

/// <summary>What a buyer sends to register.</summary>
public sealed record BuyerFields(
    string? CompanyName, BuyerKind? Kind, string? TaxCode, string? Province, string? ContactName, string? Email,
    string? Phone);

/// <summary>The department's decision on a registration: <c>verified</c>, or <c>rejected</c> with a reason.</summary>
public sealed record BuyerDecisionFields(BuyerStatus? Status, string? Reason);

/// <summary>A registered buyer. Nothing is deleted: a rejected registration stays, with its reason.</summary>
public sealed record Buyer(
    string Id, string CompanyName, BuyerKind Kind, string TaxCode, string Province, string ContactName, string Email,
    string? Phone, BuyerStatus Status, string? Reason, DateTimeOffset RegisteredAt, DateTimeOffset? DecidedAt)
    : IScopedRecord
{
    /// <summary>The department of the buyer's province (or an admin) verifies or rejects a pending registration, once.
    /// </summary>
    public StateChange<Buyer> DecideBy(Access.Caller caller, BuyerStatus? to, string? reason, DateTimeOffset now)
    {
        if (caller.Role is not (Access.Role.Admin or Access.Role.Department))
            return StateChange<Buyer>.NotYours("Only a department or an administrator verifies buyers.");
        if (to is not (BuyerStatus.Verified or BuyerStatus.Rejected))
            return StateChange<Buyer>.Invalid("status", "Choose one: verified, rejected.");
        if (to == BuyerStatus.Rejected && reason is null)
            return StateChange<Buyer>.Invalid("reason", "Say why the registration is rejected.");
        if (Status != BuyerStatus.Pending)
            return StateChange<Buyer>.Conflict($"The registration was already decided ({Status}).");
        return StateChange<Buyer>.To(this with { Status = to.Value, Reason = reason, DecidedAt = now });
    }

    /// <summary>The department of the buyer's province, or an admin; and the buyer itself.</summary>
    public bool VisibleTo(Access.Caller caller) => caller.Role switch
    {
        Access.Role.Admin => true,
        Access.Role.Department => Access.Provinces.Same(caller.Province, Province),
        Access.Role.Buyer => caller.BuyerId == Id,
        _ => false,
    };
}

public static class BuyerRules
{
    /// <summary>Validates and normalises every field at once; the clean fields, or null and the errors.</summary>
    public static BuyerFields? Validate(BuyerFields input, FieldErrors errors)
    {
        var name = errors.Text("companyName", input.CompanyName, 200, required: true);
        if (input.Kind is null)
            errors.Add("kind",
                "Choose one: supermarketChain, convenienceChain, distributor, exporter, tourismBusiness.");
        var taxCode = TaxCode.Read("taxCode", input.TaxCode, errors);
        var province = errors.Text("province", input.Province, 100, required: true);
        var contact = errors.Text("contactName", input.ContactName, 100, required: true);
        var email = EmailAddress.Read("email", input.Email, errors, required: true);
        var phone = VietnamesePhone.Read("phone", input.Phone, errors);
        return errors.Any ? null : new BuyerFields(name, input.Kind, taxCode, province, contact, email, phone);
    }
}
