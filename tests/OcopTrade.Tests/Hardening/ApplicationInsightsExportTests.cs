using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OcopTrade.Functions.Images;
using OcopTrade.Functions.Observability;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Hardening;

/// <summary>Issue 9 §5, "exported … to Application Insights": the app, as its own processes (the local host and
/// the worker it launches, as in Azure), gets only <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> pointing at a
/// stand-in ingestion endpoint on loopback, and what the Azure Monitor exporter sends there (gzip JSON lines on
/// /v2.1/track) is read back: the request that queued a job and the job itself, one operation, both carrying the
/// caller's correlation id.
/// (Over http the exporter can send only with the connection string's key: Azure.Core refuses a bearer token to a
/// non-TLS endpoint, so the managed-identity path of production is not what runs here.)</summary>
public sealed class ApplicationInsightsExportTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<(string Path, JsonObject Item)> _received = new();
    private WebApplication _ingestion = null!;
    private Azurite _storage = null!;
    private AppProcess _app = null!;

    public async Task InitializeAsync()
    {
        var port = Azurite.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        _ingestion = builder.Build();
        _ingestion.MapPost("/{**path}", async (HttpRequest request) =>
        {
            Stream body = request.Body;
            if (request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase)) body = new GZipStream(body, CompressionMode.Decompress);
            var lines = (await new StreamReader(body).ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (var line in lines) _received.Enqueue((request.Path, JsonNode.Parse(line)!.AsObject()));
            return Results.Json(new { itemsReceived = lines.Length, itemsAccepted = lines.Length, errors = Array.Empty<object>() });
        });
        await _ingestion.StartAsync();

        _storage = await Azurite.StartAsync();
        _app = await AppProcess.StartAsync(_storage, Azurite.FreePort(), new Dictionary<string, string>
        {
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = $"InstrumentationKey={Guid.NewGuid()};IngestionEndpoint=http://127.0.0.1:{port}/",
            // The exporter's own usage reports go to Microsoft's endpoints, not the one under test: off, as on a closed network.
            ["APPLICATIONINSIGHTS_STATSBEAT_DISABLED"] = "true",
            // Since exporter 1.6 the default sampler keeps 5 traces a second, and the runtime's queue polls are root
            // traces of their own: without this the request or the job is sampled out at random. Every trace, here.
            ["OTEL_TRACES_SAMPLER"] = "microsoft.fixed_percentage",
            ["OTEL_TRACES_SAMPLER_ARG"] = "1.0",
        });
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        if (_storage is not null) await _storage.DisposeAsync();
        await _ingestion.DisposeAsync();
    }

    /// <summary>What arrived, summarised when a wait fails: path, type, name and correlation id of each item.</summary>
    private sealed class Received(List<(string Path, JsonObject Item)> items) : List<(string Path, JsonObject Item)>(items)
    {
        public override string ToString() => $"{Count} items: " + string.Join("; ", this.Select(r =>
            $"{r.Path} {BaseType(r.Item)} {Text(r.Item["data"]?["baseData"]?["name"])} {Property(r.Item, "ocop.correlation_id")}"));
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue(out string? s) ? s : null;
    private static string? BaseType(JsonObject item) => Text(item["data"]?["baseType"]);
    private static string? Property(JsonObject item, string name) => Text(item["data"]?["baseData"]?["properties"]?[name]);
    private static string? OperationId(JsonObject item) => Text(item["tags"]?["ai.operation.id"]);

    [Fact]
    public async Task A_request_that_queues_a_job_reaches_Application_Insights_with_the_job_under_one_operation_and_correlation_id()
    {
        var admin = _app.Client();
        var producer = _app.Client(await admin.ProducerKeyAsync(await admin.CreateProducerAsync()));
        var productId = (await (await producer.PostAsync("/api/products", Api.JsonBody(Api.Product()))).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        var correlationId = "ai-export-" + Guid.NewGuid().ToString("N")[..12];
        var upload = new HttpRequestMessage(HttpMethod.Post, $"/api/products/{productId}/images") { Content = Victim.Photo() };
        upload.Headers.Add(Correlation.Header, correlationId);
        await (await producer.SendAsync(upload)).ExpectAsync(HttpStatusCode.Accepted);

        // The exporter batches (every few seconds): wait for both the request and the job it queued.
        var items = await Eventually.HoldsAsync(() => Task.FromResult(new Received([.. _received])),
            all => all.Any(r => Property(r.Item, "ocop.correlation_id") == correlationId && BaseType(r.Item) == "RequestData" &&
                                Text(r.Item["data"]!["baseData"]!["name"])?.StartsWith("POST", StringComparison.Ordinal) == true) &&
                   all.Any(r => Property(r.Item, "ocop.correlation_id") == correlationId && Text(r.Item["data"]!["baseData"]!["name"]) == nameof(ProcessImage)),
            TimeSpan.FromSeconds(60), $"the request and the {nameof(ProcessImage)} job under {correlationId} at the ingestion endpoint");

        Assert.All(items, r => Assert.Equal("/v2.1/track", r.Path));
        var request = items.Select(r => r.Item).First(i => Property(i, "ocop.correlation_id") == correlationId && BaseType(i) == "RequestData"
                                                         && Text(i["data"]!["baseData"]!["name"])!.StartsWith("POST", StringComparison.Ordinal));
        Assert.Equal("202", Text(request["data"]!["baseData"]!["responseCode"]));
        Assert.EndsWith($"/api/products/{productId}/images", Text(request["data"]!["baseData"]!["url"]));
        var job = items.Select(r => r.Item).First(i => Property(i, "ocop.correlation_id") == correlationId && Text(i["data"]!["baseData"]!["name"]) == nameof(ProcessImage));
        // One operation: the job's span continues the request's trace through the queue message.
        Assert.False(string.IsNullOrEmpty(OperationId(request)));
        Assert.Equal(OperationId(request), OperationId(job));
    }
}
