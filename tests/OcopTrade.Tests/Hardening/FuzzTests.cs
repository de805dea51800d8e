using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using OcopTrade.Functions.Revenue;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Hardening;

/// <summary>Property-based fuzzing (FsCheck) of what clients send: JSON bodies of producers, products, lots and
/// revenue entries mangled field by field, and CSV imports. Whatever arrives, the answer is a success or a 4xx
/// problem+json, never a 500; an import always finishes (completed or rejected), never stuck or poisoned.</summary>
public class FuzzTests : OwnAppTests
{
    /// <summary>Values that have broken JSON APIs: wrong types, extremes, overflow, invalid or decomposed Unicode,
    /// markup, deep nesting, dates that do not exist. Raw JSON text, put where a field's value goes.</summary>
    private static readonly string[] Hostile =
    [
        "null", "\"\"", "\" \"", "\"\\u0000\"", "\"a\\u0301\"", "\"\\ud800\"", "\"\\udfff\\ud800\"", "\"😀🇻🇳\"", "0", "-1", "1.5", "1e308", "-1e400",
        "9223372036854775807", "9223372036854775808", "-9223372036854775809", "true", "[]", "{}", "[1,\"a\",null]",
        "{\"number\":{}}", "\"2025-13-45\"", "\"0001-01-01\"", "\"9999-12-31\"", "\"2025-02-29\"", "\"<script>alert(1)</script>\"",
        "\"=HYPERLINK(\\\"x\\\")\"", "\"" + new string('x', 5000) + "\"", new string('[', 200) + new string(']', 200),
        "\"beverages\"", "\"cooperative\"", "\"province\"", "\"supermarket\"", "\"ecommerce\"", "\"2025-01\"", "\"Lai Châu\"",
    ];

    private static Gen<string> RawValue =>
        Gen.Frequency(
            (4, Gen.Elements(Hostile)),
            (2, ArbMap.Default.GeneratorFor<string>().Where(s => s is not null).Select(s => System.Text.Json.JsonSerializer.Serialize(s))),
            (1, ArbMap.Default.GeneratorFor<long>().Select(n => n.ToString())));

    /// <summary>A body: the valid one with some fields replaced, removed or added, or cut short, or not an object.</summary>
    private static Gen<string> Mangled(JsonObject valid)
    {
        var fields = valid.Select(p => p.Key).Concat(["unknownField", "id", "status", "createdAt"]).ToArray();
        var edit = Gen.Zip(Gen.Elements(fields), Gen.Frequency((5, RawValue), (1, Gen.Constant<string>(null!))));
        var edited = Gen.ListOf(edit).Select(edits =>
        {
            var node = (JsonObject)valid.DeepClone();
            var raw = new Dictionary<string, string>();
            foreach (var (field, value) in edits)
            {
                if (value is null) { node.Remove(field); continue; }
                var token = $"__raw{raw.Count}__";
                raw[token] = value;
                node[field] = token;
            }
            var text = node.ToJsonString();
            foreach (var (token, value) in raw) text = text.Replace($"\"{token}\"", value);
            return text;
        });
        return Gen.Frequency(
            (8, edited),
            (1, Gen.Zip(edited, Gen.Choose(0, 400)).Select(t => t.Item1[..Math.Min(t.Item2, t.Item1.Length)])),
            (1, RawValue));
    }

    private static void Holds(Gen<string> bodies, int count, Func<string, HttpResponseMessage> send)
    {
        var property = Prop.ForAll(Arb.From(bodies), body =>
        {
            using var response = send(body);
            var status = (int)response.StatusCode;
            var type = response.Content.Headers.ContentType?.MediaType;
            return status < 300 || (status is >= 400 and < 500 && type == "application/problem+json");
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(count), property);
    }

    private HttpResponseMessage Post(HttpClient client, string path, string body) =>
        client.PostAsync(path, Api.JsonBody(body)).GetAwaiter().GetResult();

    [Fact]
    public async Task Mangled_json_bodies_never_cause_a_server_error()
    {
        var admin = App.Client();
        var producerId = await admin.CreateProducerAsync();
        var producer = App.Client(await admin.ProducerKeyAsync(producerId));
        var productId = (await (await producer.PostAsync("/api/products", Api.JsonBody(Api.Product()))).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();

        Holds(Mangled(Api.Producer()), 150, body => Post(admin, "/api/producers", body));
        var product = Api.Product();
        product.Remove("producerId");
        Holds(Mangled(product), 150, body => Post(producer, "/api/products", body));
        Holds(Mangled(Victim.Lot()), 100, body => Post(producer, $"/api/products/{productId}/batches", body));
        var revenue = Victim.Revenue(producerId, "fuzz");
        Holds(Mangled(revenue).Select(b => b.Replace("\"fuzz\"", $"\"fuzz-{Guid.NewGuid():N}\"")), 150, body => Post(producer, "/api/revenue", body));
    }

    /// <summary>CSV text built from the template's cells and hostile ones: quotes, separators, line ends, BOMs.</summary>
    private static Gen<string> CsvText(string producerId)
    {
        var cell = Gen.Frequency(
            (3, Gen.Elements("r1", producerId, "supermarket", "ecommerce", "shopee", "2025-01", "2025-13", "1000", "-5", "", "9223372036854775808")),
            (2, Gen.Elements("\"", "\"\"", "\"a,b\"", "\"unterminated", "a\"b", "\r", "\n", "\r\n", ",", "\uFEFF", "=1+1", "é", "\u0000")),
            (1, ArbMap.Default.GeneratorFor<string>().Where(s => s is not null)));
        var row = Gen.ListOf(cell).Select(cells => string.Join(",", cells));
        var header = Gen.Frequency(
            (4, Gen.Constant("id,producerId,channel,marketplace,month,amountVnd,quantity,note")),
            (1, Gen.Elements("", "id", "id,id,producerId,channel,month,amountVnd,quantity", "\uFEFFid,producerId,channel,month,amountVnd,quantity")));
        return Gen.Zip(Gen.Zip(header, Gen.ListOf(row)), Gen.Elements("\r\n", "\n", "\r"),
            (t, newline) => t.Item1 + newline + string.Join(newline, t.Item2));
    }

    [Fact]
    public async Task Arbitrary_csv_imports_never_cause_a_server_error_and_always_finish()
    {
        var admin = App.Client();
        var producerId = await admin.CreateProducerAsync();
        var producer = App.Client(await admin.ProducerKeyAsync(producerId));
        var accepted = new List<(Uri Location, string Body)>();

        Holds(CsvText(producerId), 80, body =>
        {
            var response = producer.PostAsync("/api/revenue/imports", new StringContent(body, Encoding.UTF8, "text/csv")).GetAwaiter().GetResult();
            if (response.StatusCode == HttpStatusCode.Accepted) accepted.Add((response.Headers.Location!, body));
            return response;
        });

        Assert.NotEmpty(accepted); // the generator does reach the queue, not only the upload's checks
        foreach (var (location, body) in accepted)
            await Eventually.HoldsAsync(async () => (await (await producer.GetAsync(location)).ReadObjectAsync())["status"]!.GetValue<string>(),
                status => status is "completed" or "rejected", because: $"the import of {System.Text.Json.JsonSerializer.Serialize(body)} finishes");
    }

    [FsCheck.Xunit.Property(MaxTest = 500)]
    public bool The_csv_parser_reads_back_every_cell_written_and_no_cell_starts_a_formula(string[] cells)
    {
        if (cells.Length == 0 || (cells.Length == 1 && string.IsNullOrEmpty(cells[0]))) return true; // a blank line is no row
        cells = [.. cells.Select(c => c ?? "")];
        var text = Csv.Line(cells);
        var row = Csv.Parse(text).Single();
        return row.Count == Math.Max(1, cells.Length)
            && row.Zip(cells).All(p => p.First == p.Second || p.First == "'" + p.Second)
            && row.All(c => c.Length == 0 || c[0] is not ('=' or '+' or '-' or '@' or '\t' or '\r'));
    }
}
