using System.Security.Claims;

namespace OcopTrade.Functions.Access;

/// <summary>Who holds a key. <see cref="Buyer"/> reaches only the endpoints that name it
/// (<see cref="AccessEndpoints.AnyCallerPolicy"/>): every other endpoint's default policy leaves buyers out.</summary>
public enum Role { Admin, Department, Producer, SalesPoint, Buyer }

/// <summary>Who is calling and what they are scoped to; every read and write asks this, never the raw claims.</summary>
public sealed record Caller(
    Role Role, string? ProducerId = null, string? SalesPointId = null, string? Province = null, string? BuyerId = null)
{
    public bool IsAdmin => Role == Role.Admin;

    /// <summary>May this caller see and change things belonging to a producer in the given province?</summary>
    public bool Manages(string producerId, string province) => Role switch
    {
        Role.Admin => true,
        Role.Department => Provinces.Same(Province, province),
        Role.Producer => ProducerId == producerId,
        _ => false,
    };

    public ClaimsPrincipal ToPrincipal(string scheme)
    {
        var claims = new List<Claim> { new(ClaimTypes.Role, Role.ToString()) };
        if (ProducerId is not null) claims.Add(new("producerId", ProducerId));
        if (SalesPointId is not null) claims.Add(new("salesPointId", SalesPointId));
        if (Province is not null) claims.Add(new("province", Province));
        if (BuyerId is not null) claims.Add(new("buyerId", BuyerId));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    public static Caller From(ClaimsPrincipal user) => new(
        Enum.Parse<Role>(user.FindFirstValue(ClaimTypes.Role) ?? throw new InvalidOperationException("Unauthenticated caller.")),
        user.FindFirstValue("producerId"), user.FindFirstValue("salesPointId"), user.FindFirstValue("province"),
        user.FindFirstValue("buyerId"));
}

public static class Provinces
{
    /// <summary>Province names arrive typed by people ("Lai Châu", "lai châu", "Tỉnh Lai Châu"); compare their keys.</summary>
    public static string Key(string province)
    {
        var key = province.Normalize(System.Text.NormalizationForm.FormC).Trim().ToLowerInvariant();
        foreach (var prefix in new[] { "tỉnh ", "thành phố ", "tp. ", "tp " })
            if (key.StartsWith(prefix, StringComparison.Ordinal)) return key[prefix.Length..].Trim();
        return key;
    }

    public static bool Same(string? a, string? b) => a is not null && b is not null && Key(a) == Key(b);
}
