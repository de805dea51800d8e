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
            .Where(a => a.Status == ApplicationStatus.Accepted && a.Stall is not null).OrderBy(a => a.Stall).ToList();
        // A large fair has hundreds of stalls, each a producer and its products to read: read them side by side.
        var stalls = new CatalogueStall[accepted.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, accepted.Count),
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (i, ct) => stalls[i] = await StallAsync(accepted[i], ct));
        return new EventCatalogue(ev.Id, ev.Name, EventRules.KindLabel(ev.Kind), ev.From, ev.To, ev.Place, ev.Organiser,
            stalls);
    }

    private async Task<CatalogueStall> StallAsync(EventApplication application, CancellationToken cancellationToken)
    {
        var producer = producers.FindAsync(application.ProducerId, cancellationToken);
        var found = await Task.WhenAll(application.ProductIds.Select(id => products.FindAsync(id, cancellationToken)));
        var brought = found.Select(f => f?.Product).OfType<Product>().Where(p => p.Status == ProductStatus.Published)
            .Select(p => new CatalogueProduct(p.Id, p.Fields.Name!, PageKit.GroupName(p.Fields.Group), p.Fields.Stars,
                BaseUrl + "/p/" + p.Slug)).ToList();
        var (name, province, commune) = await producer is { } p
            ? (p.LegalName, p.Province, p.Commune) : ("", "", (string?)null);
        return new CatalogueStall(application.Stall!.Value.ToString(CultureInfo.InvariantCulture),
            name, province, commune, brought);
    }

    private string BaseUrl => configuration["Ocop:PublicBaseUrl"]?.TrimEnd('/') ?? "";
}
