using System.Text.Json;
using System.Text.Json.Nodes;

namespace OcopTrade.MarketplaceSimulator;

/// <summary>The three simulated marketplaces, by the name OcopTrade's channels use.</summary>
public sealed class Marketplaces
{
    public Marketplaces(IConfiguration configuration)
    {
        foreach (var name in new[] { "voso", "postmart", "shopee" })
            All[name] = new Marketplace(name, configuration[$"Simulator:{name}:PublicBase"] ?? $"https://{name}.sim.local/p");
    }

    public Dictionary<string, Marketplace> All { get; } = new(StringComparer.Ordinal);

    public Marketplace this[string name] => All[name];
}

public static class SimulatorApp
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
            builder.WebHost.UseUrls("http://localhost:7072");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<Marketplaces>();
        builder.Services.AddSingleton<ShopeeTokens>();
        var app = builder.Build();

        var control = app.MapGroup("/_sim");
        control.MapGet("/stats", (Marketplaces m) => Results.Json(m.All.ToDictionary(p => p.Key, p => p.Value.Stats()), Json));
        control.MapGet("/{marketplace}/listings", (string marketplace, Marketplaces m) =>
            m.All.TryGetValue(marketplace, out var mp) ? Results.Json(mp.Snapshot(), Json) : Results.NotFound());
        control.MapPut("/{marketplace}/faults", (string marketplace, FaultsRequest faults, Marketplaces m) =>
        {
            if (!m.All.TryGetValue(marketplace, out var mp)) return Results.NotFound();
            mp.SetFaults(faults);
            return Results.Json(mp.Faults, Json);
        });
        OrderHooks.Map(control);
        var pushes = new ShopeePushes(builder.Configuration["Simulator:shopee:PartnerKey"] ?? "sim-shopee-partner-key");
        app.Services.GetRequiredService<Marketplaces>()["shopee"].Orders.Changed += pushes.OnChanged;
        control.MapPut("/shopee/push", (PushSettings settings) =>
            { pushes.Configure(settings); return Results.NoContent(); });
        control.MapGet("/shopee/push", () => Results.Json(new
        {
            sent = pushes.Sent, lost = pushes.Lost,
            failed = pushes.Failed
        }, Json));
        MapTokenControl(control);
        control.MapPost("/reset", (Marketplaces m, ShopeeTokens tokens) =>
        {
            tokens.Reset();
            foreach (var mp in m.All.Values) mp.Reset();
            pushes.Reset();
            return Results.NoContent();
        });

        VosoApi.Map(app.MapGroup("/voso/v1").AddEndpointFilter(FaultFilter("voso")));
        PostmartApi.Map(app.MapGroup("/postmart/api/v2").AddEndpointFilter(FaultFilter("postmart")));
        ShopeeApi.Map(app.MapGroup("/api/v2").AddEndpointFilter(FaultFilter("shopee")), app.Configuration);
        return app;
    }

    /// <summary>Tests set token lifetimes and the consenting shop, expire a shop's tokens now, and read them.
    /// </summary>
    private static void MapTokenControl(RouteGroupBuilder control)
    {
        control.MapPut("/shopee/tokens", (ShopeeTokens.TokenSettings settings, ShopeeTokens tokens) =>
            { tokens.Configure(settings); return Results.NoContent(); });
        control.MapGet("/shopee/tokens", (ShopeeTokens tokens) => Results.Json(tokens.Stats(), Json));
        control.MapGet("/shopee/tokens/{shop}", (string shop, ShopeeTokens tokens) =>
            Results.Json(tokens.Current(shop), Json));
        control.MapPost("/shopee/tokens/{shop}/expire", (string shop, ExpireRequest expire, ShopeeTokens tokens) =>
        {
            if (expire.Token is not ("access" or "refresh" or "both")) return Results.BadRequest();
            tokens.Expire(shop, expire.Token);
            return Results.NoContent();
        });
    }

    public sealed record ExpireRequest(string Token);

    /// <summary>Latency first (a slow marketplace is slow even when it refuses), then throttling, then 500s; a late
    /// answer is held back only after the call took effect (the worst case for a client that times out).</summary>
    private static Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>> FaultFilter(string name) =>
        async (context, next) =>
        {
            var marketplace = context.HttpContext.RequestServices.GetRequiredService<Marketplaces>()[name];
            Interlocked.Increment(ref marketplace.Requests);
            var faults = marketplace.Faults;
            if (faults.LatencyMs > 0) await Task.Delay(faults.LatencyMs, context.HttpContext.RequestAborted);
            if (faults.ThrottledUntil > DateTimeOffset.UtcNow)
            {
                Interlocked.Increment(ref marketplace.Throttled);
                context.HttpContext.Response.Headers.RetryAfter = faults.RetryAfterSeconds.ToString();
                return Results.Json(new { error = "too_many_requests", message = "Rate limit exceeded; retry later." }, Json, statusCode: 429);
            }
            if (marketplace.TakeFailure())
            {
                Interlocked.Increment(ref marketplace.Failed);
                return Results.Json(new { error = "internal_error", message = "Upstream failure." }, Json, statusCode: 500);
            }
            var answer = await next(context);
            if (marketplace.TakeLateAnswer() is > 0 and var late)
            {
                try { await Task.Delay(late, context.HttpContext.RequestAborted); }
                catch (OperationCanceledException) { } // the client gave up: the answer is lost, the listing stays
            }
            return answer;
        };

    public static async Task<JsonObject?> ReadObjectAsync(HttpRequest request)
    {
        try { return await JsonNode.ParseAsync(request.Body) as JsonObject; }
        catch (JsonException) { return null; }
    }

    public static string? Str(this JsonObject body, string name) =>
        body[name] is JsonValue v && v.TryGetValue(out string? s) ? s : null;

    public static double? Num(this JsonObject body, string name) =>
        body[name] is JsonValue v && v.TryGetValue(out double d) ? d : null;

    public static int Count(this JsonObject body, string name) => body[name] is JsonArray a ? a.Count : 0;
}
