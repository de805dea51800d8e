using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace OcopTrade.MarketplaceSimulator;

/// <summary>Shopee's shop authorisation as the simulator plays it: a consent page that agrees at once (for the shop
/// a test names, or a new one), one-time codes, access tokens that expire (4 hours by default, shorter for tests),
/// refresh tokens that rotate on use and expire (30 days), and a shop authorisation that ends (365 days). Only
/// tokens it issued (<c>sat-</c>…) are checked: the fixed tokens older tests configure stay accepted.</summary>
public sealed class ShopeeTokens
{
    public const string AccessPrefix = "sat-";
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Issued> _access = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Issued> _refresh = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _authorisedUntil = new(StringComparer.Ordinal);
    private TokenSettings _settings = new();
    private int _exchanges, _refreshes, _refusedAccess, _refusedRefresh;

    private sealed record Issued(string Shop, DateTimeOffset ExpiresAt);

    public sealed record TokenSettings(
        int AccessTokenSeconds = 4 * 3600, int RefreshTokenSeconds = 30 * 86400, int AuthorisationDays = 365,
        string? ConsentingShop = null);

    public void Configure(TokenSettings settings) { lock (_gate) _settings = settings; }

    public (string Code, string Shop) Consent()
    {
        lock (_gate)
        {
            var shop = _settings.ConsentingShop ?? RandomNumberGenerator.GetInt32(100_000, 999_999).ToString();
            var code = New("");
            _codes[code] = shop;
            _authorisedUntil[shop] = DateTimeOffset.UtcNow.AddDays(_settings.AuthorisationDays);
            return (code, shop);
        }
    }

    /// <summary>A code is good once, for the shop it was given for.</summary>
    public JsonObject? Exchange(string? code, string? shop)
    {
        lock (_gate)
        {
            if (code is null || !_codes.Remove(code, out var owner) || owner != shop) return null;
            _exchanges++;
            return IssueLocked(owner);
        }
    }

    /// <summary>The refresh token rotates: the one used dies, and so does the shop's previous access token.</summary>
    public JsonObject? Refresh(string? refreshToken, string? shop)
    {
        lock (_gate)
        {
            if (refreshToken is null || !_refresh.Remove(refreshToken, out var issued) || issued.Shop != shop
                || issued.ExpiresAt <= DateTimeOffset.UtcNow)
            {
                _refusedRefresh++;
                return null;
            }
            _refreshes++;
            foreach (var old in _access.Where(a => a.Value.Shop == shop).Select(a => a.Key).ToList())
                _access.Remove(old);
            return IssueLocked(shop);
        }
    }

    /// <summary>Null for a token the simulator did not issue (accepted as before); else whether it is current.
    /// </summary>
    public bool? Valid(string token, string shop)
    {
        if (!token.StartsWith(AccessPrefix, StringComparison.Ordinal)) return null;
        lock (_gate)
        {
            var valid = _access.TryGetValue(token, out var issued) && issued.Shop == shop
                && issued.ExpiresAt > DateTimeOffset.UtcNow;
            if (!valid) _refusedAccess++;
            return valid;
        }
    }

    public DateTimeOffset? AuthorisedUntil(string shop)
    {
        lock (_gate) return _authorisedUntil.TryGetValue(shop, out var until) ? until : null;
    }

    /// <summary>Ends a shop's access token, refresh token or both now, as time would.</summary>
    public void Expire(string shop, string which)
    {
        lock (_gate)
        {
            var past = DateTimeOffset.UtcNow.AddSeconds(-1);
            if (which is "access" or "both")
                foreach (var key in _access.Where(a => a.Value.Shop == shop).Select(a => a.Key).ToList())
                    _access[key] = _access[key] with { ExpiresAt = past };
            if (which is "refresh" or "both")
                foreach (var key in _refresh.Where(r => r.Value.Shop == shop).Select(r => r.Key).ToList())
                    _refresh[key] = _refresh[key] with { ExpiresAt = past };
        }
    }

    /// <summary>A shop's current tokens, for tests that prove the app never lets them out.</summary>
    public JsonObject Current(string shop)
    {
        lock (_gate)
            return new JsonObject
            {
                ["accessTokens"] = new JsonArray([.. _access.Where(a => a.Value.Shop == shop)
                    .Select(a => (JsonNode)a.Key)]),
                ["refreshTokens"] = new JsonArray([.. _refresh.Where(r => r.Value.Shop == shop)
                    .Select(r => (JsonNode)r.Key)]),
            };
    }

    public object Stats()
    {
        lock (_gate)
            return new
            {
                exchanges = _exchanges, refreshes = _refreshes, refusedAccessTokens = _refusedAccess,
                refusedRefreshTokens = _refusedRefresh,
            };
    }

    public void Reset()
    {
        lock (_gate)
        {
            _access.Clear(); _refresh.Clear(); _codes.Clear(); _authorisedUntil.Clear();
            _settings = new();
            _exchanges = _refreshes = _refusedAccess = _refusedRefresh = 0;
        }
    }

    private JsonObject IssueLocked(string shop)
    {
        var now = DateTimeOffset.UtcNow;
        var access = New(AccessPrefix);
        var refresh = New("srt-");
        _access[access] = new(shop, now.AddSeconds(_settings.AccessTokenSeconds));
        _refresh[refresh] = new(shop, now.AddSeconds(_settings.RefreshTokenSeconds));
        return new JsonObject
        {
            ["refresh_token"] = refresh, ["access_token"] = access, ["expire_in"] = _settings.AccessTokenSeconds,
            ["error"] = "", ["message"] = "", ["request_id"] = Guid.NewGuid().ToString("N"),
        };
    }

    private static string New(string prefix) => prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}

/// <summary>The auth endpoints (partner-level: signed over partner id, path and timestamp) and shop/get_shop_info.
/// </summary>
public static class ShopeeAuthApi
{
    public static void Map(RouteGroupBuilder api, string partnerId, string partnerKey)
    {
        api.MapGet("/shop/auth_partner", (HttpRequest request, ShopeeTokens tokens) =>
        {
            if (Partner(request, partnerId, partnerKey) is { } denied) return denied;
            if (request.Query["redirect"].ToString() is not { Length: > 0 } redirect
                || !Uri.TryCreate(redirect, UriKind.Absolute, out _))
                return ShopeeApi.Error(400, "error_param", "redirect is required.");
            var (code, shop) = tokens.Consent();
            var separator = redirect.Contains('?') ? '&' : '?';
            return Results.Redirect($"{redirect}{separator}code={code}&shop_id={Uri.EscapeDataString(shop)}");
        });
        api.MapPost("/auth/token/get", async (HttpRequest request, ShopeeTokens tokens) =>
        {
            if (Partner(request, partnerId, partnerKey) is { } denied) return denied;
            if (await SimulatorApp.ReadObjectAsync(request) is not { } body)
                return ShopeeApi.Error(400, "error_param", "Body must be a JSON object.");
            return tokens.Exchange(body.Str("code"), Shop(body)) is { } issued ? Results.Json(issued, SimulatorApp.Json)
                : ShopeeApi.Error(403, "error_auth", "Invalid code.");
        });
        api.MapPost("/auth/access_token/get", async (HttpRequest request, ShopeeTokens tokens) =>
        {
            if (Partner(request, partnerId, partnerKey) is { } denied) return denied;
            if (await SimulatorApp.ReadObjectAsync(request) is not { } body)
                return ShopeeApi.Error(400, "error_param", "Body must be a JSON object.");
            return tokens.Refresh(body.Str("refresh_token"), Shop(body)) is { } issued
                ? Results.Json(issued, SimulatorApp.Json)
                : ShopeeApi.Error(403, "error_auth", "Invalid refresh_token.");
        });
        api.MapGet("/shop/get_shop_info", (HttpRequest request, ShopeeTokens tokens) =>
        {
            if (ShopeeApi.Authenticate(request, partnerId, partnerKey) is { } denied) return denied;
            var shop = request.Query["shop_id"].ToString();
            return Results.Json(new JsonObject
            {
                ["shop_name"] = shop, ["region"] = "VN", ["status"] = "NORMAL",
                ["expire_time"] = tokens.AuthorisedUntil(shop)?.ToUnixTimeSeconds(),
                ["error"] = "", ["message"] = "", ["request_id"] = Guid.NewGuid().ToString("N"),
            }, SimulatorApp.Json);
        });
    }

    /// <summary>Shop ids are numbers at Shopee; the simulator's may be names.</summary>
    private static string? Shop(JsonObject body) =>
        body["shop_id"] is JsonValue v ? (v.TryGetValue(out string? s) ? s : v.ToJsonString()) : null;

    private static IResult? Partner(HttpRequest request, string partnerId, string partnerKey)
    {
        var q = request.Query;
        if (q["partner_id"].ToString() != partnerId) return ShopeeApi.Error(403, "error_auth", "Invalid partner_id.");
        var ts = q["timestamp"].ToString();
        if (!long.TryParse(ts, out var seconds) || Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - seconds) > 300)
            return ShopeeApi.Error(403, "error_param", "Invalid timestamp: it expires after 5 minutes.");
        var expected = ShopeeApi.Sign(partnerKey, partnerId, request.Path.Value!, ts, "", "");
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected),
            Encoding.ASCII.GetBytes(q["sign"].ToString())) ? null : ShopeeApi.Error(403, "error_sign", "Wrong sign.");
    }
}
