using Microsoft.Azure.WebJobs.Extensions.Timers;
using NCrontab;

namespace OcopTrade.LocalHost.Triggers;

/// <summary>A six-field NCRONTAB schedule read in the app's WEBSITE_TIME_ZONE. The WebJobs timer listener works in
/// the process's local time (Azure sets the process's zone from WEBSITE_TIME_ZONE); several local hosts may share
/// one process here, so each keeps its zone in its schedule instead: it takes and gives local times, and reads the
/// clock faces in its own zone in between.</summary>
public class ZonedCronSchedule : TimerSchedule
{
    private readonly CrontabSchedule _cron;

    public ZonedCronSchedule(string expression, string timeZoneId)
    {
        _cron = CrontabSchedule.Parse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        Zone = FindZone(timeZoneId);
    }

    public TimeZoneInfo Zone { get; }

    /// <summary>Occurrences are instants (local times of real moments), so the wait until one is measured in UTC.
    /// </summary>
    public override bool AdjustForDST => true;

    public override DateTime GetNextOccurrence(DateTime now)
    {
        var instant = now.Kind == DateTimeKind.Utc ? now : TimeZoneInfo.ConvertTimeToUtc(now, TimeZoneInfo.Local);
        var next = _cron.GetNextOccurrence(TimeZoneInfo.ConvertTimeFromUtc(instant, Zone));
        // A clock face skipped by a daylight-saving jump never happens; the next one that does is taken.
        while (Zone.IsInvalidTime(next)) next = _cron.GetNextOccurrence(next);
        return TimeZoneInfo.ConvertTimeToUtc(next, Zone).ToLocalTime();
    }

    public override string ToString() => $"Cron: '{_cron}' in {Zone.Id}";

    /// <summary>An IANA id (Asia/Ho_Chi_Minh) or a Windows id (SE Asia Standard Time), as Azure's Windows plans
    /// take it.</summary>
    public static TimeZoneInfo FindZone(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone
        : TimeZoneInfo.TryConvertWindowsIdToIanaId(id, out var iana) ? TimeZoneInfo.FindSystemTimeZoneById(iana)
        : throw new InvalidOperationException($"WEBSITE_TIME_ZONE names no known time zone: {id}.");

    /// <summary>Whether an expression is NCRONTAB (a TimeSpan such as 00:05:00 has no clock face to zone).</summary>
    public static bool IsCron(string expression) =>
        CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true }) is not null;
}
