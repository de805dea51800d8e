using Microsoft.Azure.Functions.Worker;

namespace OcopTrade.LocalHost.TestWorker;

/// <summary>A timer whose schedule comes from the app setting TickSchedule.</summary>
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
}
