using System.Net;
using System.Text.Json.Nodes;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Traceability;

/// <summary>The department reads its province's scans and sales as EPCIS 2.0, page by page; nobody else does.</summary>
[Collection(SharedAppCollection.Name)]
public class EpcisEventsTests(SharedApp shared)
{
    private async Task<HttpClient> DepartmentAsync(string province) => shared.App.Client(
        await shared.App.Client().IssueKeyAsync(new JsonObject { ["role"] = "department", ["province"] = province }));

    /// <summary>Every page from <paramref name="query"/> on, following rel="next"; each page checked against the
    /// schema.</summary>
    private static async Task<List<JsonNode>> AllEventsAsync(HttpClient client, string query)
    {
        var events = new List<JsonNode>();
        string? next = "/api/epcis/events?" + query;
        for (var pages = 0; next is not null; pages++)
        {
            Assert.True(pages < 50, "paging ends");
            var response = await client.GetAsync(next);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            Assert.Equal("application/ld+json", response.Content.Headers.ContentType?.MediaType);
            var document = JsonNode.Parse(body)!;
            Assert.Empty(EpcisSchema.Errors(document));
            var list = document["epcisBody"]!["queryResults"]!["resultsBody"]!["eventList"]!.AsArray();
            Assert.All(list, e => Assert.Equal("ObjectEvent", e!["type"]!.GetValue<string>()));
            events.AddRange(list.Select(e => e!.DeepClone()));
            next = response.Headers.TryGetValues("Link", out var links)
                ? new Uri(links.Single().Split('>')[0].TrimStart('<')).PathAndQuery
                : null;
        }
        return events;
    }

    [Fact]
    public async Task The_department_pages_through_its_provinces_scans_and_sales_as_valid_EPCIS_2_events()
    {
        var from = shared.App.Clock.GetUtcNow().AddSeconds(-1);
        var (shop, salesPointId, code, productId, producer) =
            await SalesPointScanTests.ShopWithLabelledProductAsync(shared.App);
        var scan = new JsonObject { ["id"] = "epcis-v", ["code"] = code, ["kind"] = "verify" };
        await (await shop.PostAsync($"/api/sales-points/{salesPointId}/scans", Api.JsonBody(scan)))
            .ExpectAsync(HttpStatusCode.OK);
        var sale = new JsonObject
        {
            ["id"] = "epcis-s", ["code"] = code, ["kind"] = "sale", ["quantity"] = 2, ["unitPrice"] = 350000,
        };
        await (await shop.PostAsync($"/api/sales-points/{salesPointId}/scans", Api.JsonBody(sale)))
            .ExpectAsync(HttpStatusCode.Created);
        await shared.App.Client(null).GetAsync($"/t/{code}");
        var batches = JsonNode.Parse(await producer.GetStringAsync($"/api/products/{productId}/batches"))!;
        var link = batches[0]!["traceUrl"]!.GetValue<string>();
        var to = from.AddMinutes(10);
        var query = $"from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}";

        var department = await DepartmentAsync("Lai Châu");
        var ours = (await AllEventsAsync(department, query + "&pageSize=1"))
            .Where(e => e["epcList"]![0]!.GetValue<string>() == link).ToList();
        var location = $"/api/sales-points/{salesPointId}";
        Assert.Single(ours, e => e["bizStep"]!.GetValue<string>() == "inspecting" && e["bizLocation"] is null);
        // The till scanned the jar twice: to verify it, and to sell it.
        Assert.Equal(2, ours.Count(e => e["bizStep"]!.GetValue<string>() == "inspecting"
            && e["bizLocation"]?["id"]?.GetValue<string>().EndsWith(location, StringComparison.Ordinal) == true));
        var sold = Assert.Single(ours, e => e["bizStep"]!.GetValue<string>() == "retail_selling");
        Assert.Equal("retail_sold", sold["disposition"]!.GetValue<string>());
        Assert.EndsWith(location, sold["bizLocation"]!["id"]!.GetValue<string>());
        Assert.All(ours, e => Assert.Equal("+07:00", e["eventTimeZoneOffset"]!.GetValue<string>()));
        Assert.All(ours, e => Assert.EndsWith("+07:00", e["eventTime"]!.GetValue<string>()));
        Assert.All(ours, e => Assert.Equal("OBSERVE", e["action"]!.GetValue<string>()));
        // Nothing personal: no client tag, device or address in any event.
        string[] allowed =
            ["type", "eventTime", "eventTimeZoneOffset", "eventID", "epcList", "action", "bizStep", "disposition", "bizLocation"];
        Assert.All(ours, e => Assert.Empty(e.AsObject().Select(p => p.Key).Except(allowed)));

        var elsewhere = await AllEventsAsync(await DepartmentAsync("Hà Giang"), query + "&pageSize=200");
        Assert.DoesNotContain(elsewhere, e => e["epcList"]![0]!.GetValue<string>() == link);
    }

    [Fact]
    public async Task Others_and_bad_queries_are_refused()
    {
        var admin = shared.App.Client();
        var producer = shared.App.Client(await admin.ProducerKeyAsync(await admin.CreateProducerAsync()));
        await (await producer.GetAsync("/api/epcis/events")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        var till = shared.App.Client(await admin.SalesPointKeyAsync(await admin.CreateSalesPointAsync()));
        await (await till.GetAsync("/api/epcis/events")).ExpectProblemAsync(HttpStatusCode.Forbidden);
        var anonymous = await shared.App.Client(null).GetAsync("/api/epcis/events");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        var department = await DepartmentAsync("Lai Châu");
        await (await department.GetAsync("/api/epcis/events?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z"))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "to");
        await (await department.GetAsync("/api/epcis/events?from=yesterday"))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "from");
        await (await department.GetAsync("/api/epcis/events?pageSize=0"))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "pageSize");
        await (await department.GetAsync("/api/epcis/events?nextPageToken=forged"))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "nextPageToken");
    }
}
