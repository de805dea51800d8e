namespace OcopTrade.Functions.TradeEvents;

/// <summary>
/// What an event's printed and phone catalogue shows: the accepted producers and the products they bring, stall by
/// stall, in the words a visitor reads (Vietnamese labels, not codes). It is the one shape between the events that
/// know who takes part and the documents that show it, so each can be built and tested without the other.
/// </summary>
public sealed record EventCatalogue(
    string EventId, string Name, string KindLabel, DateOnly From, DateOnly To, string Place, string Organiser,
    IReadOnlyList<CatalogueStall> Stalls);

/// <summary>One accepted producer's stall; <see cref="Number"/> is the stall as the department assigned it.</summary>
public sealed record CatalogueStall(
    string Number, string ProducerName, string Province, string? Commune, IReadOnlyList<CatalogueProduct> Products);

/// <summary>A product a producer brings. <see cref="PageUrl"/> is the absolute address of its public product page,
/// which the catalogue's QR code carries.</summary>
public sealed record CatalogueProduct(string ProductId, string Name, string GroupLabel, int? Stars, string PageUrl);
