using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using OcopTrade.Functions.Images;
using OcopTrade.Functions.Observability;
using OcopTrade.Tests.Images;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Hardening;

/// <summary>The metrics an operator watches: job duration and latency, image processing time, poison count and
/// queue depth, read the way an exporter reads them (a MeterListener on the app's meter).</summary>
public class TelemetryTests : OwnAppTests, IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = new();

    public TelemetryTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == OcopTelemetry.Name) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var (k, v) in tags) copy[k] = v;
        _measurements.Enqueue((instrument.Name, value, copy));
    }

    public void Dispose() => _listener.Dispose();

    protected override OcopApp Configure(OcopApp app) => app
        .Set("Observability:QueueDepthSeconds", "0");

    private bool Seen(string instrument, string tag, string value) =>
        _measurements.Any(m => m.Instrument == instrument && m.Tags.TryGetValue(tag, out var v) && v?.ToString() == value);

    [Fact]
    public async Task Processing_a_photo_records_its_rendering_time_and_the_jobs_duration_and_latency()
    {
        var admin = App.Client();
        var producer = App.Client(await admin.ProducerKeyAsync(await admin.CreateProducerAsync()));
        var productId = (await (await producer.PostAsync("/api/products", Api.JsonBody(Api.Product()))).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        await (await producer.PostAsync($"/api/products/{productId}/images", Victim.Photo())).ExpectAsync(HttpStatusCode.Accepted);

        await Eventually.HoldsAsync(() => Task.FromResult(Seen("ocop.job.duration", "function", nameof(ProcessImage))), seen => seen, because: "the job is measured");
        Assert.Contains(_measurements, m => m.Instrument == "ocop.image.processing.duration" && m.Value > 0);
        Assert.Contains(_measurements, m => m.Instrument == "ocop.job.latency" && m.Tags["function"]?.ToString() == nameof(ProcessImage)
                                            && m.Tags["outcome"]?.ToString() == "success");
    }

    [Fact]
    public async Task A_message_that_cannot_be_read_is_counted_as_poisoned_and_shows_in_the_poison_queues_depth()
    {
        var queues = new QueueServiceClient(Storage.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queues.GetQueueClient(ProcessImage.Queue).SendMessageAsync($$"""{"telemetry":"{{Guid.NewGuid()}}"}""");

        await Eventually.HoldsAsync(() => Task.FromResult(Seen("ocop.queue.poisoned", "queue", ProcessImage.Queue)), seen => seen, because: "the poison counter");
        Assert.True(Seen("ocop.job.duration", "outcome", "malformed"));
        await Eventually.HoldsAsync(() =>
            {
                _listener.RecordObservableInstruments();
                return Task.FromResult(_measurements.Any(m => m.Instrument == "ocop.queue.depth" && m.Tags["queue"]?.ToString() == ProcessImage.Queue + "-poison" && m.Value >= 1));
            }, seen => seen, because: "the poison queue's depth");
    }
}
