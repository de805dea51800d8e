using Microsoft.AspNetCore.Http.HttpResults;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Producers;
using OcopTrade.Functions.Syndication;

namespace OcopTrade.Functions.MarketplaceOrders;

/// <summary>Marketplace orders: pulled per marketplace, pushed by Shopee, shown to their producer; lines nobody could
/// match shown to the admin.</summary>
public static class OrdersModule
{
    public static IServiceCollection AddMarketplaceOrders(this IServiceCollection services)
    {
        services.AddSingleton<OrderStore>();
        services.AddSingleton<OrderIngestion>();
        return services;
    }

    public static IEndpointRouteBuilder MapMarketplaceOrders(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/producers/{producerId}/marketplace-orders", ListAsync).WithTags("Marketplace orders")
            .RequireAuthorization()
            .WithSummary("A producer's orders on the marketplaces (voso, postmart, shopee), newest change first; " +
                "?channel= for one marketplace. Completed lines are in its revenue; cancellations and returns as corrections.");
        app.MapGet("/api/producers/{producerId}/oversells", OversellsAsync).WithTags("Marketplace orders")
            .RequireAuthorization()
            .WithSummary("Units marketplaces sold that the product's stock did not hold (two channels selling the last " +
                "units at once); the stock was set to 0 and every channel re-synced.");
        app.MapGet("/api/marketplace-orders/unmatched", UnmatchedAsync).WithTags("Marketplace orders")
            .RequireAuthorization(AccessEndpoints.AdminPolicy)
            .WithSummary("Order lines whose SKU OcopTrade never listed for that seller: logged, not recorded as revenue.");
        app.MapPost("/api/marketplaces/shopee/push", ShopeePush.ReceiveAsync).WithTags("Marketplace orders")
            .AllowAnonymous().Accepts<string>("application/json").ProducesProblem(401)
            .WithSummary("Shopee push notifications: 401 unless the Authorization header is the HMAC-SHA256 of " +
                "'{callback URL}|{body}' under the partner key; an order status push is queued and acknowledged at once.");
        return app;
    }

    private static async Task<Results<Ok<List<OrderView>>, ProblemHttpResult>> ListAsync(
        string producerId, string? channel, HttpContext context, ProducerStore producers, OrderStore orders,
        CancellationToken cancellationToken)
    {
        // A malformed query is refused before anything is looked up, as everywhere.
        if (channel is not null && Channels.Find(channel) is null)
            return Problems.Invalid("channel", "One of: " + string.Join(", ", Channels.All.Select(c => c.Name)) + ".");
        var producer = await producers.FindAsync(producerId, cancellationToken);
        if (producer is null || !Caller.From(context.User).Manages(producer.Id,
            producer.Province)) return Problems.NotFound("producer");
        return TypedResults.Ok(await orders.ListAsync(producer.Id, channel, cancellationToken));
    }

    private static async Task<Results<Ok<List<Oversell>>, ProblemHttpResult>> OversellsAsync(
        string producerId, HttpContext context, ProducerStore producers, OrderStore orders,
            CancellationToken cancellationToken)
    {
        var producer = await producers.FindAsync(producerId, cancellationToken);
        if (producer is null || !Caller.From(context.User).Manages(producer.Id,
            producer.Province)) return Problems.NotFound("producer");
        return TypedResults.Ok(await orders.OversellsAsync(producer.Id, cancellationToken));
    }

    private static async Task<Ok<List<UnmatchedLine>>> UnmatchedAsync(OrderStore orders,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await orders.UnmatchedAsync(cancellationToken));
}
