using System.Net;
using System.Text.Json.Nodes;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Syndication;

/// <summary>Azurite, the marketplace simulator and the app pointed at it, shared by one test class.</summary>
public class SyndicationFixture : IAsyncLifetime
{
    public Azurite Storage { get; private set; } = null!;
    public Simulator Simulator { get; private set; } = null!;
    public OcopApp App { get; private set; } = null!;

    protected virtual void Configure(OcopApp app) { }

    public async Task InitializeAsync()
    {
        Storage = await Azurite.StartAsync();
        Simulator = await Simulator.StartAsync();
        var app = new OcopApp(Storage).Set("Syndication:CoalesceWindow", "00:00:03");
        foreach (var (key, value) in Simulator.Settings()) app.Set(key, value);
        Configure(app);
        App = await app.StartAsync();
        // Photos are exercised by a test of their own; elsewhere listings go up without them.
        foreach (var m in new[] { "voso", "postmart", "shopee" }) await Simulator.FaultsAsync(m, new { requireImages = false });
    }

    // Whatever failed to start (App stays null when it did), what did start is stopped.
    public async Task DisposeAsync()
    {
        try { if (Simulator is not null) await Simulator.DisposeAsync(); }
        finally { await OcopApp.DisposeBothAsync(App, Storage); }
    }

    /// <summary>A producer with its own key and one published product; returns the producer's client and ids.</summary>
    public async Task<(HttpClient Producer, string ProducerId, string ProductId)> PublishedProductAsync(Action<JsonObject>? change = null)
    {
        var admin = App.Client();
        var producerId = await admin.CreateProducerAsync();
        var producer = App.Client(await admin.ProducerKeyAsync(producerId));
        var productId = await ProductAsync(producer, change);
        return (producer, producerId, productId);
    }

    public static async Task<string> ProductAsync(HttpClient producer, Action<JsonObject>? change = null)
    {
        var body = Api.Product();
        change?.Invoke(body);
        var created = await (await producer.PostAsync("/api/products", Api.JsonBody(body))).ExpectAsync(HttpStatusCode.Created);
        var id = created["id"]!.GetValue<string>();
        await (await producer.PostAsync($"/api/products/{id}/publish", null)).ExpectAsync(HttpStatusCode.OK);
        return id;
    }

    public static async Task<JsonArray> SyndicateAsync(HttpClient producer, string productId, params string[] channels)
    {
        var response = await producer.PostAsync($"/api/products/{productId}/syndications",
            Api.JsonBody(new JsonObject { ["channels"] = new JsonArray([.. channels.Select(c => JsonValue.Create(c))]) }));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsArray();
    }

    public static async Task<JsonArray> StatusAsync(HttpClient producer, string productId) =>
        JsonNode.Parse(await (await producer.GetAsync($"/api/products/{productId}/syndications")).Content.ReadAsStringAsync())!.AsArray();

    public static JsonObject? Channel(JsonArray status, string channel) =>
        status.OfType<JsonObject>().FirstOrDefault(s => s["channel"]!.GetValue<string>() == channel);

    public static string? State(JsonArray status, string channel) => Channel(status, channel)?["state"]?.GetValue<string>();

    /// <summary>Waits until every named channel of the product is in the given state.</summary>
    public static Task<JsonArray> UntilAsync(HttpClient producer, string productId, string state, params string[] channels) =>
        Eventually.HoldsAsync(() => StatusAsync(producer, productId), s => channels.All(c => State(s, c) == state),
            TimeSpan.FromSeconds(60), $"{string.Join(", ", channels)} to be {state}");
}
