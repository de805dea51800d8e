using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OcopTrade.Functions.TradeEvents;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.TradeEvents;

/// <summary>The catalogue's product addresses are absolute under the public base URL, which this app sets.</summary>
public class EventCatalogueTests : OwnAppTests
{
    private const string BaseUrl = "https://ocop.example.vn";

    protected override OcopApp Configure(OcopApp app) => app.Set("Ocop:PublicBaseUrl", BaseUrl + "/");

    [Fact]
    public async Task An_events_catalogue_lists_its_accepted_producers_by_stall_with_product_page_addresses()
    {
        var world = await EventWorld.StartAsync(App);
        var (id, _) = await world.CreateEventAsync();
        var second = await world.ExhibitorAsync();
        var first = await world.ExhibitorAsync();
        await world.AcceptedAsync(second, id, 2);
        await world.AcceptedAsync(first, id, 1);
        var (declined, etag) = await world.AppliedAsync(await world.ExhibitorAsync(), id);
        await (await world.DecideAsync(id, declined, etag, new JsonObject { ["accepted"] = false, ["reason"] = "Trùng" }))
            .ExpectAsync(HttpStatusCode.OK);

        var catalogues = App.Services.GetRequiredService<EventCatalogues>();
        var catalogue = (await catalogues.LoadAsync(id, CancellationToken.None))!;
        Assert.Equal("Hội chợ", catalogue.KindLabel);
        Assert.Equal(["1", "2"], catalogue.Stalls.Select(s => s.Number));
        var product = Assert.Single(catalogue.Stalls[0].Products);
        Assert.Equal((first.ProductId, "Đồ uống", 4), (product.ProductId, product.GroupLabel, product.Stars));
        Assert.Equal($"{BaseUrl}/p/che-shan-tuyet-ta-phin-{first.ProductId}", product.PageUrl);
        Assert.Equal("Hợp tác xã Chè Tam Đường", catalogue.Stalls[1].ProducerName);
        Assert.Null(await catalogues.LoadAsync("nosuchevent0", CancellationToken.None));
    }
}
