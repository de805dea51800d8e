using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Http.HttpResults;
using OcopTrade.Functions.Observability;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Syndication;

namespace OcopTrade.Functions.MarketplaceOrders;

/// <summary>A Shopee push worth a look: which shop, which order. The order itself is read back from Shopee, so a
/// push carries no amount we would have to trust.</summary>
public sealed record ShopeePushMessage(string ShopId, string OrderSn);

/// <summary>Shopee's push notifications (Open Platform v2 "push mechanism"): the body is signed with HMAC-SHA256
/// keyed by the partner key over <c>{callback URL}|{body}</c>, sent hex in the Authorization header. A push is
/// verified, queued and acknowledged at once (Shopee retries a push not acknowledged within seconds); the queue
/// function reads the order and records it as a pull would, so a replayed push records nothing twice.</summary>
public static class ShopeePush
{
    public const string Queue = "marketplace-order-pushes";
    /// <summary>Shopee's push code for an order status change.</summary>
    public const int OrderStatusCode = 3;

    public static string Signature(string partnerKey, string callbackUrl, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(partnerKey),
            Encoding.UTF8.GetBytes(callbackUrl + "|" + body)));

    public static bool Verify(string partnerKey, string callbackUrl, string body, string? authorization) =>
        authorization is { Length: > 0 } given && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Signature(partnerKey, callbackUrl, body)), Encoding.ASCII.GetBytes(given.Trim()));

    /// <summary>The order a push is about, or null when it is about something else (or says nothing we can
    /// use).</summary>
    public static ShopeePushMessage? OrderOf(string body)
    {
        try
        {
            if (JsonNode.Parse(body) is not JsonObject push
                || push["code"]?.GetValue<int>() != OrderStatusCode) return null;
            var shop = push["shop_id"]?.ToJsonString().Trim('"');
            var order = push["data"]?["ordersn"]?.GetValue<string>();
            return shop is { Length: > 0 } && order is { Length: > 0 } ? new ShopeePushMessage(shop, order) : null;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException) { return null; }
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> ReceiveAsync(
        HttpRequest request, IConfiguration configuration, QueueServiceClient queues,
            CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(cancellationToken);
        var partnerKey = configuration["Syndication:Marketplaces:shopee:PartnerKey"] ?? "sim-shopee-partner-key";
        // The URL Shopee was given, which it signs: configured, else the public base URL, else as the request came.
        var callback = configuration["Syndication:Marketplaces:shopee:PushUrl"] is { Length: > 0 } url ? url
            : (configuration["Ocop:PublicBaseUrl"]?.TrimEnd('/') ?? $"{request.Scheme}://{request.Host}")
                + request.Path;
        if (!Verify(partnerKey, callback, body, request.Headers.Authorization))
            return Problems.Problem(StatusCodes.Status401Unauthorized, "Chữ ký không hợp lệ",
                "The Authorization header is not the HMAC-SHA256 of '{callback URL}|{body}' under the partner key.",
                    "bad-signature");
        if (OrderOf(body) is { } message)
            await queues.GetQueueClient(Queue).SendMessageAsync(JobMessages.Wrap(message), cancellationToken);
        return TypedResults.NoContent();
    }
}

/// <summary>Reads the pushed order back from Shopee and records it: the same path as a pull.</summary>
public sealed class ShopeePushFunctions(
    OrderIngestion ingestion, ShopeeConnector shopee, SyndicationStore listings, MarketplaceCredentials credentials)
{
    [Function(nameof(RecordShopeePush))]
    public async Task<JobResult> RecordShopeePush([QueueTrigger(ShopeePush.Queue)] ShopeePushMessage push,
        CancellationToken cancellationToken)
    {
        var producerId = await ProducerOfAsync(push.ShopId, cancellationToken);
        if (producerId is null || await credentials.ForAsync(Channels.Shopee.Name, producerId, cancellationToken) is not { } credential)
            return JobResult.Done(null,
                $"shopee push for shop {push.ShopId}: no producer sells through that shop; ignored.");
        var orders = await shopee.OrdersAsync(credential, [push.OrderSn], cancellationToken);
        await ingestion.RecordAsync(producerId, Channels.Shopee.Name, orders, cancellationToken);
        return JobResult.Done(new JsonObject { ["orders"] = orders.Count }, $"shopee push {push.OrderSn}: recorded.");
    }

    /// <summary>The producer whose Shopee credential names this shop.</summary>
    private async Task<string?> ProducerOfAsync(string shopId, CancellationToken cancellationToken) =>
        await credentials.ProducerOfShopAsync(shopId,
            await listings.ProducersOnAsync(Channels.Shopee.Name, cancellationToken), cancellationToken);
}
