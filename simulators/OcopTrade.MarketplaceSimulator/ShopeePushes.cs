using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace OcopTrade.MarketplaceSimulator;

/// <summary>Where Shopee sends pushes, and the faults a push channel has: pushes lost on the way and pushes
/// delivered twice.</summary>
public sealed record PushSettings(string? Url, int? LoseNext, int? RepeatNext);

/// <summary>Shopee's push mechanism for order status changes (code 3): a JSON body signed with HMAC-SHA256 under the
/// partner key over <c>{callback URL}|{body}</c>, hex in the Authorization header, sent after each change.</summary>
public sealed class ShopeePushes(string partnerKey)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly object _gate = new();
    private string? _url;
    private int _loseNext, _repeatNext;

    public long Sent, Lost, Failed;

    public void Configure(PushSettings settings)
    {
        lock (_gate)
        {
            _url = settings.Url ?? _url;
            _loseNext = settings.LoseNext ?? _loseNext;
            _repeatNext = settings.RepeatNext ?? _repeatNext;
        }
    }

    public void Reset()
    {
        lock (_gate) { _url = null; _loseNext = _repeatNext = 0; Sent = Lost = Failed = 0; }
    }

    public static string Sign(string partnerKey, string url, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(partnerKey), Encoding.UTF8.GetBytes(url
            + "|" + body)));

    /// <summary>Sends the push in the background, as Shopee does after the change is made.</summary>
    public void OnChanged(Order order)
    {
        string? url;
        int copies;
        lock (_gate)
        {
            url = _url;
            if (url is null) return;
            if (_loseNext > 0) { _loseNext--; Interlocked.Increment(ref Lost); return; }
            copies = _repeatNext > 0 ? 2 : 1;
            if (_repeatNext > 0) _repeatNext--;
        }
        var body = new JsonObject
        {
            ["shop_id"] = order.Seller, ["code"] = 3, ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["data"] = new JsonObject
            {
                ["ordersn"] = order.Id, ["status"] = ShopeeOrders.Status(order.Status),
                ["update_time"] = order.UpdatedAt.ToUnixTimeSeconds(),
            },
        }.ToJsonString();
        _ = Task.Run(async () =>
        {
            for (var i = 0; i < copies; i++) await SendAsync(url, body);
        });
    }

    private async Task SendAsync(string url, string body)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new StringContent(body,
                Encoding.UTF8, "application/json")
            };
            request.Headers.TryAddWithoutValidation("Authorization", Sign(partnerKey, url, body));
            using var response = await Http.SendAsync(request);
            Interlocked.Increment(ref response.IsSuccessStatusCode ? ref Sent : ref Failed);
        }
        catch (HttpRequestException) { Interlocked.Increment(ref Failed); }
        catch (TaskCanceledException) { Interlocked.Increment(ref Failed); }
    }
}
