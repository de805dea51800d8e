using OcopTrade.Functions.Products;

namespace OcopTrade.Tests.Unit;

public class CertificateValidityTests
{
    [Theory]
    [InlineData("2023-03-15", "2026-03-15")]
    [InlineData("2024-02-29", "2027-02-28")] // leap day: the anniversary month has no 29th
    [InlineData("2021-02-28", "2024-02-28")] // ends in a leap year, stays on the 28th
    [InlineData("2022-01-31", "2025-01-31")]
    [InlineData("2022-08-31", "2025-08-31")]
    [InlineData("2023-12-31", "2026-12-31")]
    public void Valid_for_36_months_from_the_date_of_certification(string issued, string until) =>
        Assert.Equal(DateOnly.Parse(until), CertificateValidity.ValidUntil(DateOnly.Parse(issued)));

    [Theory]
    [InlineData("2026-03-15", "valid")] // validUntil 2027-03-15 is 365 days away
    [InlineData("2026-12-15", "expiring")] // 90 days before validUntil
    [InlineData("2026-12-14", "valid")] // 91 days before
    [InlineData("2027-03-15", "expiring")] // the last valid day
    [InlineData("2027-03-16", "expired")] // the day after
    public void State_follows_the_calendar(string today, string expected)
    {
        var state = CertificateValidity.StateOn(new DateOnly(2024, 3, 15), revoked: false, DateOnly.Parse(today));
        Assert.Equal(expected, state.ToString().ToLowerInvariant());
    }

    [Fact]
    public void A_revoked_certificate_is_revoked_whatever_its_dates() =>
        Assert.Equal(CertificateState.Revoked, CertificateValidity.StateOn(new DateOnly(2026, 1, 1), revoked: true, new DateOnly(2026, 2, 1)));

    [Fact]
    public void Today_is_taken_in_Vietnam_time()
    {
        // 17:30 UTC on 31 Dec is already 00:30 on 1 Jan in Hà Nội.
        var clock = new FixedClock(new DateTimeOffset(2025, 12, 31, 17, 30, 0, TimeSpan.Zero));
        Assert.Equal(new DateOnly(2026, 1, 1), CertificateValidity.TodayInVietnam(clock));
    }

    [Theory]
    [InlineData(3, IssuingLevel.District)]
    [InlineData(4, IssuingLevel.Province)]
    [InlineData(5, IssuingLevel.National)]
    public void Each_rating_has_its_recognising_level(int stars, IssuingLevel level) =>
        Assert.Equal(level, CertificateValidity.LevelFor(stars));

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
