using System.Net;
using System.Net.Http.Headers;
using System.Text;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Hardening;

/// <summary>Every route family that takes a body refuses one over its limit with 413 problem+json, whether the
/// client declares the length or streams it chunked, and nothing is written. A new body route is one line.</summary>
public class RequestSizeLimitTests : OwnAppTests
{
    private const int ImageLimit = 256 * 1024;

    protected override OcopApp Configure(OcopApp app) => app.Set("Images:MaxBytes", ImageLimit.ToString());

    /// <param name="Limit">The route's limit in bytes; the test sends a little more.</param>
    /// <param name="Caller">"admin", "producer" or "salesPoint": who may use the route, so the limit (not access) refuses.</param>
    public sealed record BodyRoute(string Path, string ContentType, int Limit, string Caller = "admin", string Method = "POST")
    {
        public override string ToString() => $"{Method} {Path}";
    }

    private const int Json = 64 * 1024;

    public static readonly BodyRoute[] Routes =
    [
        new("/api/producers", "application/json", Json),
        new("/api/producers/{producer}", "application/json", Json, Method: "PUT"),
        new("/api/products", "application/json", Json, "producer"),
        new("/api/products/{product}", "application/json", Json, "producer", "PUT"),
        new("/api/products/{product}/certificate/revocation", "application/json", Json),
        new("/api/products/{product}/batches", "application/json", Json, "producer"),
        new("/api/keys", "application/json", Json),
        new("/api/sales-points", "application/json", Json),
        new("/api/sales-points/{salesPoint}/scans", "application/json", Json, "salesPoint"),
        new("/api/revenue", "application/json", Json, "producer"),
        new("/api/revenue/imports", "text/csv", (int)OcopTrade.Functions.Revenue.ImportFiles.MaxBytes, "producer"),
        new("/api/products/{product}/images/order", "application/json", Json, "producer", "PUT"),
        new("/api/products/{product}/images/upload-url", "application/json", Json, "producer"),
        new("/api/products/{product}/syndications", "application/json", Json, "producer"),
        new("/api/plans", "application/json", 256 * 1024), // plans carry a target per district or commune
        new("/api/plans/import", "text/csv", 1024 * 1024), // at most 100 plans: the app's default is room enough
        new("/api/products/{product}/images", "image/jpeg", ImageLimit, "producer"),
    ];

    /// <summary>A body of the route's type just over its limit: valid-looking up to where it is cut.</summary>
    private static byte[] Oversized(BodyRoute route)
    {
        var size = route.Limit + 4096;
        return route.ContentType switch
        {
            "text/csv" => Encoding.UTF8.GetBytes("id,producerId,channel,month,amountVnd,quantity\r\n" + new string('x', size)),
            "image/jpeg" => [0xFF, 0xD8, 0xFF, 0xE0, .. new byte[size]],
            _ => Encoding.UTF8.GetBytes("{\"note\":\"" + new string('a', size) + "\"}"),
        };
    }

    [Fact]
    public async Task Bodies_over_the_limit_are_refused_with_413_on_every_route_that_takes_one_and_nothing_changes()
    {
        var victim = await Victim.CreateAsync(App);
        var admin = App.Client();
        var callers = new Dictionary<string, HttpClient>
        {
            ["admin"] = admin,
            ["producer"] = App.Client(victim.ProducerKey),
            ["salesPoint"] = App.Client(await admin.SalesPointKeyAsync(victim.Ids["salesPoint"])),
        };
        var before = await victim.SnapshotAsync(App);
        var producersBefore = await (await admin.GetAsync("/api/producers")).Content.ReadAsStringAsync();

        var failures = new List<string>();
        foreach (var route in Routes)
            foreach (var chunked in new[] { false, true })
            {
                var bytes = Oversized(route);
                HttpContent content = chunked ? new StreamContent(new MemoryStream(bytes)) : new ByteArrayContent(bytes);
                content.Headers.ContentType = MediaTypeHeaderValue.Parse(route.ContentType);
                var request = new HttpRequestMessage(new HttpMethod(route.Method), victim.Fill(route.Path)) { Content = content };
                if (chunked) request.Headers.TransferEncodingChunked = true;
                // Expect: 100-continue, as a careful client sends a big body: a refusal on the declared length comes
                // before the body is sent, so the server closing the connection mid-upload cannot make this flaky.
                request.Headers.ExpectContinue = true;
                if (route.Method == "PUT") request.Headers.TryAddWithoutValidation("If-Match", "*");
                HttpResponseMessage response;
                try { response = await callers[route.Caller].SendAsync(request); }
                catch (HttpRequestException e) { failures.Add($"{route} (chunked: {chunked}): connection failed: {e.Message}"); continue; }
                if (response.StatusCode != HttpStatusCode.RequestEntityTooLarge || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    failures.Add($"{route} (chunked: {chunked}): {(int)response.StatusCode} {response.Content.Headers.ContentType}");
            }
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        Assert.Equal(before, await victim.SnapshotAsync(App));
        Assert.Equal(producersBefore, await (await admin.GetAsync("/api/producers")).Content.ReadAsStringAsync());
    }
}
