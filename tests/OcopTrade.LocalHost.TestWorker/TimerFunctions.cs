using Microsoft.Azure.Functions.Worker;

namespace OcopTrade.LocalHost.TestWorker;

/// <summary>Timers whose schedules come from app settings: Tick (TickSchedule) and Startup (StartupSchedule,
/// also run when the host starts).</summary>
public sealed class TimerFunctions(Records records)
{
    [Function("Tick")]
    public Task Tick([TimerTrigger("%TickSchedule%")] TimerInfo timer) =>
        records.AddAsync("Tick", "tick", new Dictionary<string, object?>
        {
            ["IsPastDue"] = timer.IsPastDue,
            ["Last"] = timer.ScheduleStatus?.Last,
            ["Next"] = timer.ScheduleStatus?.Next,
        });

    [Function("Startup")]
    public Task Startup([TimerTrigger("%StartupSchedule%", RunOnStartup = true)] TimerInfo timer) =>
        records.AddAsync("Startup", "startup", new Dictionary<string, object?> { ["IsPastDue"] = timer.IsPastDue });
}
