using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OcopTrade.Functions.Observability;

/// <summary>The app's own traces and metrics. Names follow OpenTelemetry conventions (seconds, dotted names).</summary>
public static class OcopTelemetry
{
    public const string Name = "OcopTrade";

    public static readonly ActivitySource Jobs = new(Name + ".Jobs");
    public static readonly Meter Meter = new(Name);

    /// <summary>How long a queue or timer function ran, by function and outcome (success/failure).</summary>
    public static readonly Histogram<double> JobDuration =
        Meter.CreateHistogram<double>("ocop.job.duration", "s", "Time a queue or timer function ran");

    /// <summary>From the moment a message was queued to the moment its function finished: what a producer waits.</summary>
    public static readonly Histogram<double> JobLatency =
        Meter.CreateHistogram<double>("ocop.job.latency", "s", "Time from enqueue to the end of processing");

    /// <summary>Messages moved to a poison queue by the local runtime (under Azure the host moves them: watch
    /// <c>ocop.queue.depth</c> of the <c>-poison</c> queues, which counts both).</summary>
    public static readonly Counter<long> Poisoned =
        Meter.CreateCounter<long>("ocop.queue.poisoned", "{message}", "Messages moved to a poison queue");

    /// <summary>Decoding and rendering one photo (NetVips), without the storage reads and writes around it.</summary>
    public static readonly Histogram<double> ImageProcessing =
        Meter.CreateHistogram<double>("ocop.image.processing.duration", "s", "Time to render one photo's renditions");

    /// <summary>Times <paramref name="work"/> into <paramref name="histogram"/>, also when it throws.</summary>
    public static T Time<T>(Histogram<double> histogram, Func<T> work, params KeyValuePair<string, object?>[] tags)
    {
        var started = Stopwatch.GetTimestamp();
        try { return work(); }
        finally { histogram.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags); }
    }
}
