using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using OcopTrade.MarketplaceSimulator;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Syndication;

/// <summary>The marketplace simulator on a free port, in this process, and a client for its control API.</summary>
public sealed class Simulator : IAsyncDisposable
{
    private WebApplication _app = null!;
    public Uri BaseAddress { get; private set; } = null!;
    public HttpClient Control { get; private set; } = null!;

    public static async Task<Simulator> StartAsync()
    {
        var port = Azurite.FreePort();
        var simulator = new Simulator { _app = SimulatorApp.Build(["--urls", $"http://127.0.0.1:{port}"]) };
        await simulator._app.StartAsync();
        simulator.BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        simulator.Control = new HttpClient { BaseAddress = simulator.BaseAddress };
        return simulator;
    }

    /// <summary>Settings that point an app's connectors here, with a seller account per producer.</summary>
    public IEnumerable<(string Key, string Value)> Settings()
    {
        yield return ("Syndication:Marketplaces:voso:BaseUrl", BaseAddress + "voso/");
        yield return ("Syndication:Marketplaces:postmart:BaseUrl", BaseAddress + "postmart/api/v2/");
        yield return ("Syndication:Marketplaces:shopee:BaseUrl", BaseAddress.ToString());
        // Tests turn the simulator's requireImages off: readiness waives photos to match.
        yield return ("Syndication:RequirePhotos", "false");
        foreach (var channel in new[] { "voso", "postmart", "shopee" })
        {
            yield return ($"Syndication:Marketplaces:{channel}:RetryDelay", "00:00:00.050");
            yield return ($"Syndication:Credentials:{channel}:default:Account", channel == "shopee" ? "shop-{producerId}" : "seller-{producerId}");
            yield return ($"Syndication:Credentials:{channel}:default:Secret", "token-{producerId}");
        }
    }

    public async Task FaultsAsync(string marketplace, object faults) =>
        (await Control.PutAsJsonAsync($"_sim/{marketplace}/faults", faults)).EnsureSuccessStatusCode();

    public async Task<JsonArray> ListingsAsync(string marketplace) =>
        (await Control.GetFromJsonAsync<JsonArray>($"_sim/{marketplace}/listings"))!;

    public async Task<JsonObject> StatsAsync(string marketplace) =>
        (await Control.GetFromJsonAsync<JsonObject>("_sim/stats"))![marketplace]!.AsObject();

    /// <summary>A placed order of one line on a marketplace, for the seller as that marketplace names it.</summary>
    public async Task<string> PlaceOrderAsync(string marketplace, string seller, string sku, int quantity,
        long unitPrice, DateTimeOffset? at = null)
    {
        var response = await Control.PostAsJsonAsync($"_sim/{marketplace}/orders",
            new { seller, lines = new[] { new { sku, quantity, unitPrice } }, at });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["orderId"]!.GetValue<string>();
    }

    /// <param name="at">When it happened, for orders of past months; now when null.</param>
    public async Task AdvanceOrderAsync(string marketplace, string orderId, string status,
        DateTimeOffset? at = null) =>
        (await Control.PostAsJsonAsync($"_sim/{marketplace}/orders/{orderId}/status",
            new { status, at })).EnsureSuccessStatusCode();

    /// <summary>Moves an order while a seller reads its pages: once the marketplace has answered
    /// <paramref name="listRequests"/> more order-list requests, just before it answers the next.</summary>
    public async Task AdvanceOrderLaterAsync(string marketplace, string orderId, string status, int listRequests) =>
        (await Control.PostAsJsonAsync($"_sim/{marketplace}/orders/{orderId}/status",
            new { status, afterListRequests = listRequests })).EnsureSuccessStatusCode();

    /// <summary>Token lifetimes and the shop that consents next (see ShopeeTokens in the simulator).</summary>
    public async Task TokensAsync(object settings) =>
        (await Control.PutAsJsonAsync("_sim/shopee/tokens", settings)).EnsureSuccessStatusCode();

    public async Task<JsonObject> TokenStatsAsync() =>
        (await Control.GetFromJsonAsync<JsonObject>("_sim/shopee/tokens"))!;

    /// <summary>Every token the simulator holds for a Shopee shop now.</summary>
    public async Task<List<string>> TokensOfAsync(string shop)
    {
        var held = (await Control.GetFromJsonAsync<JsonObject>($"_sim/shopee/tokens/{Uri.EscapeDataString(shop)}"))!;
        return [.. held["accessTokens"]!.AsArray().Concat(held["refreshTokens"]!.AsArray())
            .Select(t => t!.GetValue<string>())];
    }

    /// <summary>Ends a shop's "access", "refresh" or "both" tokens now.</summary>
    public async Task ExpireTokensAsync(string shop, string which) =>
        (await Control.PostAsJsonAsync($"_sim/shopee/tokens/{Uri.EscapeDataString(shop)}/expire",
            new { token = which })).EnsureSuccessStatusCode();

    public async Task PushesAsync(object settings) =>
        (await Control.PutAsJsonAsync("_sim/shopee/push", settings)).EnsureSuccessStatusCode();

    /// <summary>The seller id each simulated marketplace knows a producer by, from <see cref="Settings"/>.</summary>
    public static string Seller(string marketplace, string producerId) => marketplace switch
    {
        "voso" => "token-" + producerId,
        "postmart" => "seller-" + producerId,
        _ => "shop-" + producerId,
    };

    public async ValueTask DisposeAsync()
    {
        Control.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
