using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using OcopTrade.Tests.Images;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Hardening;

/// <summary>Every route that takes an id, tried by callers to whom the thing is not theirs: a producer of the same
/// province, and a producer, a sales point and a department of another province. Each gets exactly what it gets for
/// an id that names nothing (404; or 403 when its role may never use the route, whatever the id), and afterwards the
/// owner's world reads exactly as before. A new route with an id is one line in <see cref="Routes"/>.</summary>
public class BrokenObjectLevelAuthorisationTests : OwnAppTests
{
    /// <param name="Queued">The route accepts work for later (202) and checks the ids while doing it: the work must
    /// then record nothing, which the test waits for.</param>
    public sealed record Route(string Method, string Path, Func<Victim, HttpContent>? Body = null, bool Queued = false)
    {
        public override string ToString() => $"{Method} {Path}";
    }

    private static StringContent Json(Func<Victim, JsonNode> body, Victim v) => Api.JsonBody(v.Fill(body(v).ToJsonString()));

    public static readonly Route[] Routes =
    [
        new("GET", "/api/producers/{producer}"),
        new("PUT", "/api/producers/{producer}", v => Api.JsonBody(Api.Producer())),
        new("GET", "/api/products/{product}"),
        new("PUT", "/api/products/{product}", v => Api.JsonBody(Api.ProductEdit(p => p["name"] = "Đã bị sửa"))),
        new("POST", "/api/products/{product}/publish"),
        new("POST", "/api/products/{product}/unpublish"),
        new("POST", "/api/products/{product}/certificate/revocation", v => Api.JsonBody("""{"reason":"Giả mạo"}""")),
        new("POST", "/api/products/{product}/certificate/confirm"),
        new("POST", "/api/products/{product}/certificate/reject", v => Api.JsonBody("""{"reason":"Giả mạo"}""")),
        new("GET", "/api/products/{product}/certificate/history"),
        new("POST", "/api/products/{product}/batches", v => Api.JsonBody(Victim.Lot())),
        new("GET", "/api/products/{product}/batches"),
        new("GET", "/api/products/{product}/batches/{batch}"),
        new("GET", "/api/products/{product}/batches/{batch}/label?format=svg"),
        new("GET", "/api/products/{product}/batches/{batch}/label?format=png"),
        new("POST", "/api/products/{product}/images", v => Victim.Photo()),
        new("GET", "/api/products/{product}/images"),
        new("GET", "/api/products/{product}/images/{image}"),
        new("PATCH", "/api/products/{product}/images/{image}", v => Api.JsonBody("""{"altText":"Ảnh bị sửa"}""")),
        new("PUT", "/api/products/{product}/images/order", v => Api.JsonBody(v.Fill("""{"imageIds":["{image}"]}"""))),
        new("DELETE", "/api/products/{product}/images/{image}"),
        new("POST", "/api/products/{product}/images/upload-url", v => Api.JsonBody("""{"contentType":"image/jpeg","bytes":1000}""")),
        new("POST", "/api/products/{product}/images/{image}/complete"),
        new("GET", "/api/products/{product}/syndications"),
        new("POST", "/api/products/{product}/syndications", v => Api.JsonBody("""{"channels":["voso"]}"""), Queued: true),
        new("GET", "/api/products/{product}/syndications/readiness"),
        new("DELETE", "/api/products/{product}/syndications/voso"),
        new("GET", "/api/products/{product}/syndications/voso/settings"),
        new("PUT", "/api/products/{product}/syndications/voso/settings", v => Api.JsonBody("""{"priceVnd":1000}""")),
        new("GET", "/api/producers/{producer}/bulk-exports/voso.xlsx"),
        new("GET", "/api/producers/{producer}/bulk-exports/voso-images.zip"),
        new("GET", "/api/sales-points/{salesPoint}"),
        new("POST", "/api/sales-points/{salesPoint}/scans", v => Api.JsonBody(v.Fill("""{"id":"bola-scan","code":"{code}","kind":"sale","quantity":1,"unitPrice":1000}"""))),
        new("GET", "/api/sales-points/{salesPoint}/sales"),
        new("POST", "/api/sales-points/{salesPoint}/sales/bola-sale/approve"),
        new("POST", "/api/sales-points/{salesPoint}/sales/bola-sale/reject"),
        new("POST", "/api/revenue", v => Json(_ => Victim.Revenue("{producer}", "bola-1"), v)),
        new("GET", "/api/revenue?producerId={producer}"),
        new("GET", "/api/revenue/export.csv?producerId={producer}"),
        new("GET", "/api/revenue/imports/{import}"),
        new("POST", "/api/revenue/imports", v => new StringContent(v.Fill("id,producerId,channel,month,amountVnd,quantity\r\nbola-import,{producer},fair,2025-03,1,1\r\n"), Encoding.UTF8, "text/csv"), Queued: true),
        new("GET", "/api/reports/revenue?producerId={producer}&year=2025"),
        new("GET", "/api/reports/participation?producerId={producer}&year=2025"),
        new("DELETE", "/api/keys/{key}"),
    ];

    private async Task<Dictionary<string, HttpClient>> AttackersAsync()
    {
        var admin = App.Client();
        const string other = "Bắc Kạn";
        return new()
        {
            ["producer of the same province"] = App.Client(await admin.ProducerKeyAsync(await admin.CreateProducerAsync(Victim.Province))),
            ["producer of another province"] = App.Client(await admin.ProducerKeyAsync(await admin.CreateProducerAsync(other))),
            ["sales point of another province"] = App.Client(await admin.SalesPointKeyAsync(await admin.CreateSalesPointAsync(other))),
            ["department of another province"] = App.Client(await admin.IssueKeyAsync(new JsonObject { ["role"] = "department", ["province"] = other })),
        };
    }

    private static async Task<(int Status, string Body, Uri? Location)> SendAsync(HttpClient client, Route route, Victim target)
    {
        var request = new HttpRequestMessage(new HttpMethod(route.Method), target.Fill(route.Path)) { Content = route.Body?.Invoke(target) };
        if (route.Method == "PUT") request.Headers.TryAddWithoutValidation("If-Match", "*");
        var response = await client.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location);
    }

    [Fact]
    public async Task Nobody_reaches_anothers_things_through_any_route_with_an_id_and_nothing_changes()
    {
        var victim = await Victim.CreateAsync(App);
        var missing = victim.Missing();
        var attackers = await AttackersAsync();
        var before = await victim.SnapshotAsync(App);

        var failures = new List<string>();
        var queued = new List<(HttpClient Client, Uri Location)>();
        foreach (var route in Routes)
            foreach (var (who, client) in attackers)
            {
                var real = await SendAsync(client, route, victim);
                var none = await SendAsync(client, route, missing);
                if (route.Queued && real.Status == 202 && none.Status == 202)
                {
                    queued.Add((client, real.Location!));
                    continue;
                }
                if (real.Status is not (404 or 403) || real.Status != none.Status || (real.Status == 403 && none.Status != 403))
                    failures.Add($"{route} as {who}: {real.Status} for the victim's ids, {none.Status} for ids naming nothing: {real.Body[..Math.Min(200, real.Body.Length)]}");
            }
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        foreach (var (client, location) in queued)
        {
            var done = await Eventually.HoldsAsync(async () => await (await client.GetAsync(location)).ReadObjectAsync(),
                s => s["status"]!.GetValue<string>() is "completed" or "rejected", because: "the attacker's queued work finishes");
            Assert.Equal(0, done["recordedRows"]!.GetValue<int>());
        }
        Assert.Equal(before, await victim.SnapshotAsync(App));
        await (await App.Client(victim.ProducerKey).GetAsync(victim.Fill("/api/producers/{producer}"))).ExpectAsync(HttpStatusCode.OK);
    }
}
