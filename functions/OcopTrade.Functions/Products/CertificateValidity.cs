namespace OcopTrade.Functions.Products;

public enum CertificateState { Valid, Expiring, Expired, Revoked }

public enum IssuingLevel { District, Province, National }

/// <summary>OCOP certificates are valid for 36 months from the date of certification (seed 001). The certificate
/// is valid through <see cref="ValidUntil"/> itself and expired from the next day; "expiring" gives producers
/// 90 days to arrange re-evaluation.</summary>
public static class CertificateValidity
{
    public const int ValidityMonths = 36;
    public const int ExpiringWithinDays = 90;

    /// <summary>AddMonths keeps the day of month and clamps at month end: 29 Feb 2024 → 28 Feb 2027.</summary>
    public static DateOnly ValidUntil(DateOnly issueDate) => issueDate.AddMonths(ValidityMonths);

    public static CertificateState StateOn(DateOnly issueDate, bool revoked, DateOnly today)
    {
        if (revoked) return CertificateState.Revoked;
        var validUntil = ValidUntil(issueDate);
        if (today > validUntil) return CertificateState.Expired;
        return validUntil.DayNumber - today.DayNumber <= ExpiringWithinDays ? CertificateState.Expiring : CertificateState.Valid;
    }

    /// <summary>Dates people see are in Vietnam's time (UTC+7, no daylight saving).</summary>
    public static DateOnly TodayInVietnam(TimeProvider clock) =>
        DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(TimeSpan.FromHours(7)).DateTime);

    /// <summary>The level that recognises each rating under Decision 148/QĐ-TTg.</summary>
    public static IssuingLevel LevelFor(int stars) => stars switch
    {
        3 => IssuingLevel.District,
        4 => IssuingLevel.Province,
        5 => IssuingLevel.National,
        _ => throw new ArgumentOutOfRangeException(nameof(stars), stars, "OCOP ratings are 3 to 5 stars."),
    };
}
