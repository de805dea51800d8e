using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.SalesPoints;

/// <summary>Counted sales reach the revenue figures; held ones wait for the department; rejected ones never count.</summary>
public enum SaleStatus { Counted, Held, Rejected }

/// <summary>How much of a lot the sales points have sold between them: a sale may take no more than is left.</summary>
public sealed record LotTally(long LotQuantity, long Sold)
{
    public long Remaining => Math.Max(0, LotQuantity - Sold);

    public bool Allows(long quantity) => quantity <= Remaining;

    public LotTally After(long quantity) => this with { Sold = Sold + quantity };
}

/// <summary>The unit prices a sales point may record without review, as percentages of the listing's price.
/// Shops, showrooms and tourism sites mark OCOP goods up, often up to about double the producer's price, and
/// promotions or bulk discounts rarely go below half; outside that, a price is more likely a typo or an inflated
/// figure than a sale, so the department looks at it before it counts (<c>SalesPoints:PriceBand:*</c>).</summary>
public sealed record PriceBand(int LowPercent = PriceBand.DefaultLowPercent, int HighPercent = PriceBand.DefaultHighPercent)
{
    public const int DefaultLowPercent = 50;
    public const int DefaultHighPercent = 200;

    public static PriceBand From(IConfiguration configuration)
    {
        var low = Math.Clamp(configuration.GetValue("SalesPoints:PriceBand:LowPercent", DefaultLowPercent), 1, 100);
        var high = Math.Clamp(configuration.GetValue("SalesPoints:PriceBand:HighPercent", DefaultHighPercent), 100, 10_000);
        return new PriceBand(low, high);
    }

    /// <summary>Why a sale at <paramref name="unitPrice"/> waits for review, or null when it counts at once.
    /// Compared in 128-bit arithmetic: no price can overflow the comparison.</summary>
    public string? HoldReason(long unitPrice, long? listingPrice)
    {
        if (listingPrice is not ({ } listed and > 0)) return "The listing has no price to compare the sale with.";
        if ((Int128)unitPrice * 100 < (Int128)listed * LowPercent)
            return $"The unit price is below {LowPercent}% of the listing's price ({listed} ₫).";
        if ((Int128)unitPrice * 100 > (Int128)listed * HighPercent)
            return $"The unit price is above {HighPercent}% of the listing's price ({listed} ₫).";
        return null;
    }
}

public static class SaleRules
{
    /// <summary>Why no sale of this product may be recorded today, or null. Only a published listing with a
    /// certificate in force is on sale: a draft, a suspended listing, or a revoked or lapsed certificate is not.</summary>
    public static string? Refusal(Product product, DateOnly today)
    {
        if (product.Status == ProductStatus.Draft) return "The product is not published.";
        if (product.Status == ProductStatus.Suspended) return "The product is suspended" + Because(product.StatusReason);
        return product.CertificateOn(today)?.State switch
        {
            null => "The product has no OCOP certificate.",
            CertificateState.Revoked => "The product's OCOP certificate was revoked" + Because(product.RevocationReason),
            CertificateState.Expired => "The product's OCOP certificate has expired.",
            _ => null,
        };
    }

    private static string Because(string? reason) => string.IsNullOrWhiteSpace(reason) ? "." : $": {reason}";
}
