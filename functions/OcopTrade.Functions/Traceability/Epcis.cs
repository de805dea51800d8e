using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace OcopTrade.Functions.Traceability;

/// <summary>A scan or a sale as an EPCIS event sees it: nothing personal, only what was observed, where and when.
/// <paramref name="Id"/> is the row it came from, so the event's id is stable across reads.</summary>
public sealed record ObservedLot(
    string Id, DateTimeOffset At, string Identifier, bool Sale, string? SalesPointId);

/// <summary>The scan and sale log in GS1 EPCIS 2.0 JSON-LD: each scan an <c>ObjectEvent</c> (action OBSERVE, bizStep
/// inspecting), each sale one too (bizStep retail_selling, disposition retail_sold), the label's GS1 Digital Link URI
/// in <c>epcList</c>, the sales point as <c>bizLocation</c>, times in Vietnam (+07:00). EPCIS 2.0 §8.3 (JSON/JSON-LD
/// binding) and CBV 2.0 §7.2 (bizStep), §7.3 (disposition) give the names.</summary>
public static class Epcis
{
    public const string Context = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";
    public const string MediaType = "application/ld+json";
    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);

    /// <summary>The sales point's location as a URI of ours: the API resource that describes it.</summary>
    public static string SalesPointLocation(string baseUrl, string salesPointId) =>
        $"{baseUrl.TrimEnd('/')}/api/sales-points/{Uri.EscapeDataString(salesPointId)}";

    public static JsonObject QueryDocument(IEnumerable<ObservedLot> events, string baseUrl, DateTimeOffset now) => new()
    {
        ["@context"] = new JsonArray(Context),
        ["type"] = "EPCISQueryDocument",
        ["schemaVersion"] = "2.0",
        ["creationDate"] = Time(now.ToUniversalTime()),
        ["epcisBody"] = new JsonObject
        {
            ["queryResults"] = new JsonObject
            {
                ["queryName"] = "SimpleEventQuery",
                ["resultsBody"] = new JsonObject
                {
                    ["eventList"] = new JsonArray([.. events.Select(e => (JsonNode)Event(e, baseUrl))]),
                },
            },
        },
    };

    public static JsonObject Event(ObservedLot seen, string baseUrl)
    {
        var e = new JsonObject
        {
            ["type"] = "ObjectEvent",
            ["eventTime"] = Time(seen.At.ToOffset(Vietnam)),
            ["eventTimeZoneOffset"] = "+07:00",
            ["eventID"] = EventId(seen.Id),
            ["epcList"] = new JsonArray(seen.Identifier),
            ["action"] = "OBSERVE",
            ["bizStep"] = seen.Sale ? "retail_selling" : "inspecting",
        };
        if (seen.Sale) e["disposition"] = "retail_sold";
        if (seen.SalesPointId is { } point)
            e["bizLocation"] = new JsonObject { ["id"] = SalesPointLocation(baseUrl, point) };
        return e;
    }

    private static string Time(DateTimeOffset at) =>
        at.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    /// <summary>A name-based UUID (RFC 9562 version 8, from SHA-256) of the log row: the same event always carries the
    /// same id, and the id reveals nothing of the row.</summary>
    public static string EventId(string rowId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("ocop-epcis|" + rowId)).AsSpan(0, 16).ToArray();
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return "urn:uuid:" + new Guid(hash, bigEndian: true).ToString("D");
    }
}
