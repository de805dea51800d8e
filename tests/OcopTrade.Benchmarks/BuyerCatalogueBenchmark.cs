using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using OcopTrade.Functions.Catalogue;
using OcopTrade.Functions.Products;

namespace OcopTrade.Benchmarks;

/// <summary>A buyer's catalogue search over 10,000 published products, through the local Functions host: a mix of
/// the filters buyers use (group, stars, province, standard, monthly capacity, text), p50/p99 and answers/s; against
/// its anchor in the same run, reading the same rows by key (the point reads, concurrent, of the rows each answer
/// returned, straight through the SDK on the same Azurite). Goal: a search costs at most 2× its point reads.
/// Seeding: a few products through the API (create, publish: the catalogue maintains itself), the rest written
/// straight into the catalogue table as the maintenance writes them, since 10,000 API publishes would take longer
/// than the measurement.</summary>
public static class BuyerCatalogueBenchmark
{
    private static readonly string[] Provinces =
    [
        "Lai Châu", "Lạng Sơn", "Sơn La", "Điện Biên", "Lào Cai", "Tuyên Quang", "Cao Bằng", "Thái Nguyên",
        "Phú Thọ", "Bắc Ninh", "Quảng Ninh", "Hải Phòng", "Hà Nội", "Hưng Yên", "Ninh Bình", "Thanh Hóa",
        "Nghệ An", "Hà Tĩnh", "Quảng Trị", "Huế", "Đà Nẵng", "Quảng Ngãi", "Gia Lai", "Đắk Lắk", "Khánh Hòa",
        "Lâm Đồng", "Đồng Nai", "Tây Ninh", "Hồ Chí Minh", "Đồng Tháp", "Vĩnh Long", "An Giang", "Cần Thơ", "Cà Mau",
    ];

    private static readonly string[] Names =
        ["Mật ong bạc hà", "Chè Shan Tuyết", "Miến dong", "Rượu ngô men lá", "Gạo nếp cái hoa vàng", "Cà phê Robusta",
         "Nước mắm cá cơm", "Bánh chưng", "Hồng không hạt", "Thổ cẩm dệt tay", "Mây tre đan", "Tinh dầu quế"];

    /// <summary>What buyers ask: mostly a group with one or two more filters, sometimes a province or a word.</summary>
    private static readonly string[] Searches =
    [
        "group=food", "group=beverages&stars=4", "group=food&province=L%E1%BA%A1ng%20S%C6%A1n",
        "group=herbal&standard=organic", "group=food&minMonthlyCapacity=5000", "group=beverages&q=che%20shan",
        "province=Lai%20Ch%C3%A2u&stars=5", "q=mat%20ong", "group=souvenirs&standard=vietGap&stars=4",
    ];

    public static async Task<int> RunAsync(string appDll, int count, int rounds, int concurrency)
    {
        await using var bench = await BenchmarkApp.StartAsync(appDll, concurrency);
        var table = new TableServiceClient(bench.Storage.ConnectionString).GetTableClient(CatalogueStore.TableName);
        var viaApi = await SeedThroughApiAsync(bench, 100);
        await SeedRowsAsync(table, count - viaApi);
        var answers = await AnswersAsync(bench.Http);
        Console.WriteLine($"Seeded {count} products ({viaApi} through the API); answers hold " +
            $"{answers.Average(a => a.Count):F1} rows on average ({string.Join(", ", answers.Select(a => a.Count))}).");

        async Task<bool> Search(int i) =>
            (await bench.Http.GetAsync("/api/catalogue?" + Searches[i % Searches.Length])).IsSuccessStatusCode;
        async Task<bool> PointReads(int i)
        {
            var reads = answers[i % answers.Count].Select(k => table.GetEntityAsync<TableEntity>(k.Group, k.Id));
            return (await Task.WhenAll(reads)).All(r => r.Value is not null);
        }
        await Load.RunAsync("warm-up", 300, concurrency, Search);
        await Load.RunAsync("warm-up", 300, concurrency, PointReads);
        var search = new List<LoadResult>();
        var anchor = new List<LoadResult>();
        for (var round = 0; round < rounds; round++)
        {
            search.Add(await Load.RunAsync("GET /api/catalogue (search)", 900, concurrency, Search));
            anchor.Add(await Load.RunAsync("Point reads of its rows (anchor)", 900, concurrency, PointReads));
        }
        Report(count, concurrency, search, anchor);
        return 0;
    }

    private static void Report(int count, int concurrency, List<LoadResult> search, List<LoadResult> anchor)
    {
        Console.WriteLine($"\nOcopTrade catalogue benchmark — {Environment.ProcessorCount} cores, {count} products, " +
            $"{concurrency} buyers at once, Azurite in memory\n");
        foreach (var result in search.Concat(anchor)) Console.WriteLine(result);
        var s = Merge(search);
        var a = Merge(anchor);
        var ratio = s.Percentile(0.5) / a.Percentile(0.5);
        Console.WriteLine($"\nsearch: p50 {s.Percentile(0.5):F2} ms, p99 {s.Percentile(0.99):F2} ms, " +
            $"{s.PerSecond:F0} answers/s; point reads of the same rows: p50 {a.Percentile(0.5):F2} ms, p99 {a.Percentile(0.99):F2} " +
            $"ms, {a.PerSecond:F0} answers/s");
        Console.WriteLine($"ratio search/point reads at p50 = {ratio:F2} " +
            $"(goal ≤ 2: {(ratio <= 2 ? "met" : "NOT met")})" +
            $"; throughput ratio point reads/search = {a.PerSecond / s.PerSecond:F2}");
    }

    private static LoadResult Merge(List<LoadResult> runs) => new(runs[0].Name, runs.Sum(r => r.Count),
        runs.Sum(r => r.Errors), TimeSpan.FromTicks(runs.Sum(r => r.Elapsed.Ticks)),
        runs.SelectMany(r => r.LatenciesMs).ToArray());

    /// <summary>The keys (group partition, product id) each search answers on its first page.</summary>
    private static async Task<List<List<(string Group, string Id)>>> AnswersAsync(HttpClient http)
    {
        var answers = new List<List<(string, string)>>();
        foreach (var search in Searches)
        {
            var page = await http.GetFromJsonAsync<JsonObject>("/api/catalogue?" + search);
            answers.Add(page!["items"]!.AsArray().Select(i => (
                CatalogueRows.Partition(Enum.Parse<ProductGroup>(i!["group"]!.GetValue<string>(), ignoreCase: true)),
                i["productId"]!.GetValue<string>())).ToList());
        }
        return answers;
    }

    private const string Product = """
        {"producerId":"{producer}","name":"Chè Shan Tuyết Tả Phìn {i}","group":"beverages",
         "description":"Chè shan tuyết cổ thụ.","stars":4,"priceVnd":350000,"unit":"hộp",
         "netQuantity":"200 g","shelfLifeDays":540,"standards":["vietGap"],
         "monthlyCapacity":{"quantity":500{i},"unit":"hộp"},
         "certificate":{"number":"1234/QĐ-UBND","issueDate":"2025-06-15","issuingLevel":"province"}}
        """;

    private static async Task<int> SeedThroughApiAsync(BenchmarkApp bench, int count)
    {
        var producer = await bench.PostAsync("/api/producers", bench.AdminKey, """
            {"legalName":"Hợp tác xã Chè Tam Đường","kind":"cooperative","taxCode":"0314409058",
             "province":"Lai Châu","commune":"Bình Lư"}
            """);
        for (var i = 0; i < count; i++)
        {
            var product = await bench.PostAsync("/api/products", bench.AdminKey, Product
                .Replace("{producer}", producer["id"]!.GetValue<string>()).Replace("{i}", i.ToString()));
            await bench.PostAsync($"/api/products/{product["id"]}/publish", bench.AdminKey, "{}");
        }
        return count;
    }

    /// <summary>Entries as <see cref="CatalogueMaintenance"/> writes them, a hundred to a transaction.</summary>
    private static async Task SeedRowsAsync(TableClient table, int count)
    {
        var random = new Random(20);
        var rows = Enumerable.Range(0, count).Select(i => CatalogueRows.From(Entry(random, i))).ToList();
        foreach (var partition in rows.GroupBy(r => r.PartitionKey))
            foreach (var chunk in partition.Chunk(100))
                await table.SubmitTransactionAsync(
                    chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r)));
    }

    private static CatalogueEntry Entry(Random random, int i)
    {
        var group = (random.Next(100)) switch
        {
            < 40 => ProductGroup.Food,
            < 65 => ProductGroup.Beverages,
            < 80 => ProductGroup.Herbal,
            < 85 => ProductGroup.Textiles,
            < 95 => ProductGroup.Souvenirs,
            _ => ProductGroup.Tourism,
        };
        var stars = random.Next(100) switch { < 50 => 3, < 85 => 4, _ => 5 };
        var standards = Enum.GetValues<QualityStandard>().Where(_ => random.Next(100) < 20).ToList();
        var id = Functions.Platform.Ids.New();
        return new CatalogueEntry(id, "san-pham-" + id, $"{Names[random.Next(Names.Length)]} {i}", group, stars,
            Provinces[random.Next(Provinces.Length)], $"Hợp tác xã số {i % 2500}", standards,
            random.Next(20, 2000) * 1000L, "hộp", new DateOnly(2028, 6, 15))
        {
            MonthlyCapacity = random.Next(100) < 70 ? new MonthlyCapacity(random.Next(50, 20000), "hộp") : null,
            PhotoUrl = $"https://photos.example/{id}/w320.jpg",
        };
    }
}
