using OcopTrade.Functions.Producers;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Traceability;

public static class TraceabilityModule
{
    public static IServiceCollection AddTraceability(this IServiceCollection services, IConfiguration configuration)
    {
        // Read now, so that in Azure an app without its trace code key refuses to start instead of making codes.
        var keys = TraceKeySettings.Read(configuration);
        services.AddSingleton<TraceKeyRing>();
        services.AddSingleton<Resolver.GtinProducts>();
        services.AddSingleton(sp => keys.Keys(sp.GetRequiredService<TraceKeyRing>().LoadOrCreate));
        services.AddSingleton(sp => new TraceCode(sp.GetRequiredService<TraceCodeKeys>()));
        services.Configure<LabelSheetOptions>(configuration.GetSection("Ocop:LabelSheet"));
        services.AddSingleton<BatchStore>();
        services.AddSingleton<ScanLog>();
        services.AddSingleton<TraceResolver>();
        services.AddSingleton<CounterfeitSignals>();
        services.AddSingleton<LotStatusStore>().AddSingleton<LotAvailability>().AddSingleton<LotServices>();
        services.AddSingleton<RecallStatus>().AddSingleton<Syndication.RecallListings>().AddSingleton<EpcisLog>();
        return services;
    }
}

/// <summary>From a code as scanned or typed to what the trace page shows, or null when it cannot be verified.
/// A popular jar is scanned many times a minute: what it resolves to is kept for 30 seconds per instance, so a scan
/// costs one write (the scan log) instead of five reads. A revocation or a new sales point shows within that time.
/// A hold or recall of the lot is not cached: it is read afresh on every scan (one point read), so a shopper or a
/// till learns it the moment it is recorded, on every instance.</summary>
public sealed class TraceResolver(
    TraceCode codes, BatchStore batches, ProductStore products, ProducerStore producers,
    SalesPoints.SalesPointStore salesPoints, Images.ImageStore images, LotStatusStore lots, TradeEvents.EventStore events,
    Microsoft.Extensions.Caching.Memory.IMemoryCache cache, TimeProvider clock)
{
    private static readonly TimeSpan KeepFor = TimeSpan.FromSeconds(30);

    public async Task<(TraceView View, Batch Batch, Product Product)?> ResolveAsync(string? typed, CancellationToken cancellationToken)
    {
        if (await ResolveCachedAsync(typed, cancellationToken) is not { } found) return null;
        var (status, _) = await lots.FindAsync(found.Batch.ProductId, found.Batch.Id, cancellationToken);
        return (found.View with { Lot = LotNotice.Of(status) }, found.Batch, found.Product);
    }

    private async Task<(TraceView View, Batch Batch, Product Product)?> ResolveCachedAsync(
        string? typed, CancellationToken cancellationToken)
    {
        // A code that fails its keyed check is refused without touching storage: forging and enumerating cost us nothing.
        if (codes.Verify(typed) is not { } code) return null;
        if (Microsoft.Extensions.Caching.Memory.CacheExtensions.TryGetValue(cache, "trace:" + code, out (TraceView View, Batch Batch, Product Product)? hit))
            return hit;
        var resolved = await LookUpAsync(code, cancellationToken);
        Microsoft.Extensions.Caching.Memory.CacheExtensions.Set(cache, "trace:" + code, resolved, KeepFor);
        return resolved;
    }

    /// <summary>Drops what this instance knows of a code, e.g. after a sales point starts carrying it.</summary>
    public void Forget(string code) => cache.Remove("trace:" + code);

    private async Task<(TraceView View, Batch Batch, Product Product)?> LookUpAsync(string code, CancellationToken cancellationToken)
    {
        if (await batches.FindByCodeAsync(code, cancellationToken) is not { } batch) return null;
        if (await products.FindAsync(batch.ProductId, cancellationToken) is not { } found) return null;
        var producer = await producers.FindAsync(found.Product.ProducerId, cancellationToken);
        var (soldAt, atEvents) = await SoldAtAsync(code, cancellationToken);
        var view = TraceView.Of(batch, found.Product, producer, CertificateValidity.TodayInVietnam(clock), soldAt) with
        {
            SoldAtEvents = atEvents.Count > 0 ? atEvents : null,
            Photo = TracePhoto.Of(
                await images.ListAsync(found.Product.Id, cancellationToken), found.Product.Fields.Name!),
        };
        return (view, batch, found.Product);
    }

    /// <summary>The sales points that carry the code's lot; an event's stall is named by its event.</summary>
    private async Task<(List<string> Places, List<string> Events)> SoldAtAsync(string code, CancellationToken cancellationToken)
    {
        var (places, atEvents) = (new List<string>(), new List<string>());
        foreach (var id in await batches.CarriersAsync(code, 5, cancellationToken))
        {
            if (await salesPoints.FindAsync(id, cancellationToken) is not { } point) continue;
            if (point.EventId is null)
                places.Add(string.Join(", ", new[] { point.Name, point.Commune, point.Province }.Where(x => !string.IsNullOrEmpty(x))));
            else if (await events.FindAsync(point.EventId, cancellationToken) is { } ev && !atEvents.Contains(ev.Event.Name))
                atEvents.Add(ev.Event.Name);
        }
        return (places, atEvents);
    }
}
