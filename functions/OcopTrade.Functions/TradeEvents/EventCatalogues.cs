using System.Globalization;
using OcopTrade.Functions.Producers;
using OcopTrade.Functions.Products;
using OcopTrade.Functions.PublicPages;

namespace OcopTrade.Functions.TradeEvents;

/// <summary>Builds an event's <see cref="EventCatalogue"/>: its accepted producers by stall number, and of the
/// products each brings, those still published (a withdrawn listing has no page for a QR code to open).</summary>
public sealed class EventCatalogues(
    EventStore store, ProducerStore producers, ProductStore products, IConfiguration configuration)
{
    /// <summary>The catalogue, or null when there is no such event or it was cancelled (nobody should come to a fair
    /// that will not be held with its catalogue in hand). Product page addresses are absolute under
    /// <c>Ocop:PublicBaseUrl</c> (relative when it is not set).</summary>
    public async Task<EventCatalogue?> LoadAsync(string eventId, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(eventId, cancellationToken) is not { } found
            || found.Event.Status == EventStatus.Cancelled) return null;
        var ev = found.Event;
        var accepted = (await store.ApplicationsAsync(eventId, cancellationToken))
            .Where(a => a.Status == ApplicationStatus.Accepted && a.Stall is not null).OrderBy(a => a.Stall);
        var stalls = new List<CatalogueStall>();
        foreach (var application in accepted) stalls.Add(await StallAsync(application, cancellationToken));
        return new EventCatalogue(ev.Id, ev.Name, EventRules.KindLabel(ev.Kind), ev.From, ev.To, ev.Place, ev.Organiser,
            stalls);
    }

    private async Task<CatalogueStall> StallAsync(EventApplication application, CancellationToken cancellationToken)
    {
        var producer = await producers.FindAsync(application.ProducerId, cancellationToken);
        var brought = new List<CatalogueProduct>();
        foreach (var productId in application.ProductIds)
        {
            var found = await products.FindAsync(productId, cancellationToken);
            if (found?.Product is { Status: ProductStatus.Published } p)
                brought.Add(new CatalogueProduct(p.Id, p.Fields.Name!, PageKit.GroupName(p.Fields.Group),
                    p.Fields.Stars, BaseUrl + "/p/" + p.Slug));
        }
        return new CatalogueStall(application.Stall!.Value.ToString(CultureInfo.InvariantCulture),
            producer?.LegalName ?? "", producer?.Province ?? "", producer?.Commune, brought);
    }

    private string BaseUrl => configuration["Ocop:PublicBaseUrl"]?.TrimEnd('/') ?? "";
}
