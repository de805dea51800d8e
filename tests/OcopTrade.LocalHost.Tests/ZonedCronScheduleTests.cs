using OcopTrade.LocalHost.Triggers;

namespace OcopTrade.LocalHost.Tests;

/// <summary>The schedule the host builds for an app with WEBSITE_TIME_ZONE, read directly.</summary>
public sealed class ZonedCronScheduleTests
{
    // Azure's Windows plans take Windows ids ("SE Asia Standard Time"), its Linux plans IANA ids.
    [Theory]
    [InlineData("Asia/Ho_Chi_Minh")]
    [InlineData("SE Asia Standard Time")]
    public void Seven_in_the_morning_in_Ho_Chi_Minh_City_falls_at_midnight_UTC(string zone)
    {
        var schedule = new ZonedCronSchedule("0 0 7 * * *", zone);

        var next = schedule.GetNextOccurrence(new DateTime(2026, 11, 29, 22, 30, 0, DateTimeKind.Utc));

        Assert.Equal(new DateTime(2026, 11, 30, 0, 0, 0, DateTimeKind.Utc), next.ToUniversalTime());
    }

    [Fact]
    public void A_zone_no_system_knows_is_refused_with_its_name()
    {
        var refused = Assert.Throws<InvalidOperationException>(
            () => new ZonedCronSchedule("0 0 7 * * *", "Mars/Olympus"));

        Assert.Contains("Mars/Olympus", refused.Message);
    }
}
