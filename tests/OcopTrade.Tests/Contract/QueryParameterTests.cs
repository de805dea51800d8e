using System.Net;
using System.Text.Json.Nodes;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Contract;

/// <summary>Every query parameter of every operation is validated like a body field: a bad value is a 400
/// problem whose <c>errors</c> names the parameter, and nothing is changed.</summary>
[Collection(SharedAppCollection.Name)]
public sealed class QueryParameterTests(SharedApp shared)
{
    private const string Control = "L\u0007i";
    private const string Batch = "/api/products/p1/batches/b1/label";
    private const string ShopeeCallback = "/api/producers/{producerId}/marketplace-authorisations/shopee/callback";

    /// <summary>Operation path (as in the OpenAPI document), parameter, bad values.</summary>
    private static readonly (string Path, string Name, string[] Bad)[] Cases =
    [
        ("/api/trace/flags", "days", ["abc", "-1", "100000"]),
        ("/api/producers", "province", [Control]),
        ("/api/producers", "kind", ["nope", "1"]),
        ("/api/producers", "commune", [new string('x', 1001)]),
        ("/api/producers", "continuationToken", ["not a <token>", "a b c"]),
        ("/api/producers", "pageSize", ["-30439", "abc", "0", "201"]),
        ("/api/products", "province", ["\uFFFF"]),
        ("/api/products", "producerId", [Control]),
        ("/api/products", "group", ["fruit"]),
        ("/api/products", "stars", ["abc", "9", "2"]),
        ("/api/products", "status", ["gone"]),
        ("/api/products", "certificateState", ["forever"]),
        ("/api/products", "continuationToken", ["%%%"]),
        ("/api/products", "pageSize", ["-30439", "abc", "1e3"]),
        ("/api/revenue", "producerId", [Control]),
        ("/api/revenue", "channel", ["ebay"]),
        ("/api/revenue", "from", ["2025-13-45", "abc"]),
        ("/api/revenue", "to", ["2025-02-30"]),
        ("/api/revenue", "continuationToken", ["\"quoted\""]),
        ("/api/revenue", "pageSize", ["-30439", "abc"]),
        ("/api/revenue/export.csv", "producerId", [Control]),
        ("/api/revenue/imports", "allOrNothing", ["maybe"]),
        .. Reporting("/api/reports/revenue", "channel"),
        .. Reporting("/api/reports/participation", "channel"),
        .. Reporting("/api/reports/growth", "channel", "by"),
        .. Reporting("/api/reports/export.xlsx"),
        .. Reporting("/api/reports/export.csv", "sheet"),
        ("/api/plans", "province", [Control]),
        ("/api/plans", "year", ["abc", "1800"]),
        ("/api/plans", "units", ["nope"]),
        ("/api/reports/plan-progress", "province", [Control]),
        ("/api/reports/plan-progress", "year", ["abc", "1800"]),
        ("/api/reports/plan-progress", "half", ["3", "abc"]),
        ("/api/reports/plan-progress", "units", ["nope"]),
        .. Reporting("/api/reports/products", "units"),
        ("/api/reports/certificates", "province", [Control]),
        ("/api/reports/certificates", "producerId", [Control]),
        ("/api/reports/certificates", "state", ["nope"]),
        ("/api/products/{id}/batches/{batchId}/label", "format", ["gif"]),
        ("/api/products/{id}/batches/{batchId}/label", "dpi", ["abc", "-5", "5000"]),
        ("/api/products/{id}/batches/{batchId}/label", "copies", ["abc", "-1"]),
        ("/t/{code}", "sp", [Control]),
        .. Resolving("/01/{gtin}"),
        .. Resolving("/01/{gtin}/10/{lot}"),
        .. Resolving("/01/{gtin}/10/{lot}/21/{serial}"),
        .. Resolving("/01/{gtin}/{rest}"),
        ("/api/recall-status", "gtin", ["abc", "12345678901234"]),
        ("/api/recall-status", "lot", [Control]),
        ("/api/epcis/events", "from", ["abc", "2026-11-01T00:00:00"]),
        ("/api/epcis/events", "to", ["2025-13-45"]),
        ("/api/epcis/events", "pageSize", ["0", "abc", "201"]),
        ("/api/epcis/events", "nextPageToken", ["forged"]),
        ("/api/producers/{producerId}/marketplace-orders", "channel", ["ebay"]),
        (ShopeeCallback, "state", [Control, "forged"]),
        (ShopeeCallback, "code", [Control]),
        (ShopeeCallback, "shop_id", [Control]),
        ("/api/sales-points/{id}/sales", "continuationToken", ["<x>"]),
        ("/api/sales-points/{id}/sales", "pageSize", ["-30439", "abc"]),
        ("/api/sales/held", "continuationToken", ["<x>"]),
        ("/api/sales/held", "pageSize", ["-30439", "abc"]),
        .. Searching("/api/catalogue"),
        .. Searching("/catalogue"),
        ("/api/buyers", "province", [Control]),
        .. Listing("/api/buyers"),
        .. Listing("/api/enquiries"),
        .. Listing("/api/deals"),
        .. Reporting("/api/reports/linkage"),
    ];

    /// <summary>The buyers' catalogue, as API and as page.</summary>
    private static IEnumerable<(string, string, string[])> Searching(string path)
    {
        yield return (path, "group", ["fruit", "1"]);
        yield return (path, "stars", ["abc", "2", "6"]);
        yield return (path, "province", [Control]);
        yield return (path, "standard", ["iso9001"]);
        yield return (path, "minMonthlyCapacity", ["0", "-1", "abc", "1e3"]);
        yield return (path, "q", [Control, new string('q', 101)]);
        yield return (path, "pageSize", ["0", "201", "abc"]);
        yield return (path, "continuationToken", ["Food x", "Fruit 0123456789ab", "<x>"]);
    }


    /// <summary>A list filtered by status, in pages.</summary>
    private static IEnumerable<(string, string, string[])> Listing(string path)
    {
        yield return (path, "status", ["nope", "1"]);
        yield return (path, "continuationToken", ["<x>"]);
        yield return (path, "pageSize", ["0", "abc", "201"]);
    }

    /// <summary>The filters every report shares, and the ones named in <paramref name="own"/>.</summary>
    private static IEnumerable<(string, string, string[])> Reporting(string path, params string[] own)
    {
        yield return (path, "province", [Control]);
        yield return (path, "producerId", [Control]);
        yield return (path, "year", ["abc", "1800"]);
        yield return (path, "half", ["3", "abc"]);
        yield return (path, "from", ["2025-13-45"]);
        yield return (path, "to", ["abc"]);
        foreach (var name in own) yield return (path, name, ["nope"]);
    }

    /// <summary>A Digital Link address: its trace code and the link type asked for.</summary>
    private static IEnumerable<(string, string, string[])> Resolving(string path)
    {
        yield return (path, "c", [Control]);
        yield return (path, "linkType", [Control]);
    }

    public static TheoryData<string, string, string> BadValues()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (path, name, bad) in Cases)
            foreach (var value in bad) data.Add(path, name, value);
        return data;
    }

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task A_bad_query_value_is_a_400_naming_the_parameter(string path, string name, string value)
    {
        var url = Concrete(path) + "?" + Valid(path, name) + name + "=" + Uri.EscapeDataString(value);
        var before = await ProducerCountAsync();
        var response = path == "/api/revenue/imports"
            ? await shared.App.Client().PostAsync(url, Api.JsonBody("""{"entries":[]}"""))
            : await shared.App.Client().GetAsync(url);
        await response.ExpectProblemAsync(HttpStatusCode.BadRequest, name);
        Assert.Equal(before, await ProducerCountAsync());
    }

    [Fact]
    public async Task Every_query_parameter_of_the_document_has_bad_values_tried()
    {
        var document = JsonNode.Parse(await shared.App.Client().GetStringAsync("/api/openapi.json"))!;
        var covered = Cases.Select(c => (c.Path, c.Name)).ToHashSet();
        var missing = (
            from path in document["paths"]!.AsObject()
            from operation in path.Value!.AsObject()
            from parameter in operation.Value!["parameters"]?.AsArray() ?? []
            where parameter!["in"]!.GetValue<string>() == "query"
            let name = parameter!["name"]!.GetValue<string>()
            where !covered.Contains((path.Key, name))
            select $"{operation.Key} {path.Key} ?{name}").ToList();
        Assert.True(missing.Count == 0, "Query parameters without a bad-value case: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task A_good_page_size_still_answers_a_page()
    {
        var page = await (await shared.App.Client().GetAsync("/api/producers?pageSize=200"))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.NotNull(page["items"]);
    }

    /// <summary>What the operation needs besides the parameter tried, so the refusal can only be about that one:
    /// a growth report compares by something, a plan's progress is of a year, a period ends after it starts.</summary>
    private static string Valid(string path, string name) =>
        (path.EndsWith("/growth", StringComparison.Ordinal) && name != "by" ? "by=province&" : "")
        + (path.EndsWith("/plan-progress", StringComparison.Ordinal) && name != "year" ? "year=2025&" : "")
        + (path.StartsWith("/api/reports/", StringComparison.Ordinal) && name == "to" ? "from=2025-01&" : "")
        + (path == "/api/recall-status" ? (name == "gtin" ? "lot=L1&" : "gtin=8934567890120&") : "");

    private static string Concrete(string path) => path
        .Replace("{id}", "p1").Replace("{batchId}", "b1").Replace("{code}", "ABC").Replace("{gtin}", "8934567890120")
        .Replace("{lot}", "L1").Replace("{serial}", "S1").Replace("{rest}", "10").Replace("{producerId}", "p1");

    private async Task<int> ProducerCountAsync() =>
        (await (await shared.App.Client().GetAsync("/api/producers?pageSize=200")).ExpectAsync(HttpStatusCode.OK))
            ["items"]!.AsArray().Count;
}
