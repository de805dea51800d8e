using System.Net;
using System.Text.Json.Nodes;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Catalogue;

/// <summary>An app of its own whose catalogue holds exactly the products seeded here, so each search can be
/// checked for the whole of its answer: four listed products in two provinces, and a draft that never is.</summary>
public sealed class CatalogueFixture : IAsyncLifetime
{
    public Azurite Storage { get; private set; } = null!;
    public OcopApp App { get; private set; } = null!;
    public HttpClient Admin { get; private set; } = null!;
    public Dictionary<string, string> Ids { get; } = [];

    public async Task InitializeAsync()
    {
        Storage = await Azurite.StartAsync();
        App = await new OcopApp(Storage).StartAsync();
        Admin = App.Client();
        var laiChau = await Admin.CreateProducerAsync("Lai Châu");
        var langSon = await Admin.CreateProducerAsync("Lạng Sơn");
        Ids["honey"] = await PublishedAsync(laiChau, "Mật ong bạc hà Đồng Văn", "food", 4, ["vietGap"], (2000, "hũ"));
        Ids["tea"] = await PublishedAsync(laiChau, "Chè Shan Tuyết Tả Phìn", "beverages", 5, ["organic"], (500, "kg"));
        Ids["wine"] = await PublishedAsync(langSon, "Rượu ngô men lá", "beverages", 3, [], null);
        Ids["noodles"] = await PublishedAsync(langSon, "Miến dong Bình Liêu", "food", 4, ["vietGap", "organic"],
            (10000, "kg"));
        Ids["draft"] = await CreateAsync(laiChau, "Mật ong nháp chưa bán", "food", 4, ["vietGap"], (9000, "hũ"));
    }

    public async Task<string> PublishedAsync(string producerId, string name, string group, int stars,
        string[] standards, (int Quantity, string Unit)? capacity, string issueDate = "2025-06-15")
    {
        var id = await CreateAsync(producerId, name, group, stars, standards, capacity, issueDate);
        await (await Admin.PostAsync($"/api/products/{id}/publish", null)).ExpectAsync(HttpStatusCode.OK);
        return id;
    }

    public async Task<string> CreateAsync(string producerId, string name, string group, int stars,
        string[] standards, (int Quantity, string Unit)? capacity, string issueDate = "2025-06-15")
    {
        var product = Api.Product(producerId, issueDate);
        product["name"] = name;
        product["group"] = group;
        product["stars"] = stars;
        product["certificate"]!["issuingLevel"] = stars switch { 3 => "district", 4 => "province", _ => "national" };
        product["standards"] = new JsonArray(standards.Select(s => (JsonNode)s!).ToArray());
        product.Remove("gtin");
        if (capacity is { } c)
            product["monthlyCapacity"] = new JsonObject { ["quantity"] = c.Quantity, ["unit"] = c.Unit };
        var created = await (await Admin.PostAsync("/api/products", Api.JsonBody(product)))
            .ExpectAsync(HttpStatusCode.Created);
        return created["id"]!.GetValue<string>();
    }

    /// <summary>The ids a search answers, every page followed.</summary>
    public async Task<List<string>> SearchAsync(string query)
    {
        var ids = new List<string>();
        var url = "/api/catalogue?" + query;
        for (var pages = 0; pages < 50; pages++)
        {
            var page = await (await App.Client(null).GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
            ids.AddRange(page["items"]!.AsArray().Select(i => i!["productId"]!.GetValue<string>()));
            if (page["continuationToken"]?.GetValue<string>() is not { } token) return ids;
            url = "/api/catalogue?" + query + "&continuationToken=" + Uri.EscapeDataString(token);
        }
        throw new InvalidOperationException("The pages never ended.");
    }

    public string[] Named(params string[] names) => names.Select(n => Ids[n]).Order(StringComparer.Ordinal).ToArray();

    public Task DisposeAsync() => OcopApp.DisposeBothAsync(App, Storage);
}
