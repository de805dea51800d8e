using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.TradeEvents;

/// <summary>The catalogue a visitor opens at the fair: public, printed or on a phone, and gone with a cancelled
/// event.</summary>
[Collection(SharedAppCollection.Name)]
public sealed class EventCatalogueEndpointTests(SharedApp shared)
{
    [Fact]
    public async Task A_visitor_without_an_account_opens_the_catalogue_on_a_phone_and_prints_it()
    {
        var world = await EventWorld.StartAsync(shared.App);
        var (id, _) = await world.CreateEventAsync();
        var exhibitor = await world.ExhibitorAsync();
        await world.AcceptedAsync(exhibitor, id, 2);
        var visitor = shared.App.Client(null);

        var page = await visitor.GetAsync($"/events/{id}/catalogue");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Gian 2", html);
        Assert.Contains("Hội chợ OCOP " + world.Province, html);
        Assert.Contains($"/api/events/{id}/catalogue.pdf", html);

        var pdf = await visitor.GetAsync($"/api/events/{id}/catalogue.pdf");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(await pdf.Content.ReadAsByteArrayAsync())[..5]);
    }

    [Fact]
    public async Task An_unchanged_catalogue_is_not_sent_again_and_a_new_stall_changes_it()
    {
        var world = await EventWorld.StartAsync(shared.App);
        var (id, _) = await world.CreateEventAsync(world.EventBody(stalls: 3));
        await world.AcceptedAsync(await world.ExhibitorAsync(), id, 1);
        var visitor = shared.App.Client(null);
        var first = await visitor.GetAsync($"/api/events/{id}/catalogue.pdf");
        var etag = first.Headers.ETag ?? throw new InvalidOperationException("The catalogue has no ETag.");

        Assert.Equal(HttpStatusCode.NotModified, (await Conditional(visitor, $"/api/events/{id}/catalogue.pdf", etag))
            .StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, (await Conditional(visitor, $"/events/{id}/catalogue", etag))
            .StatusCode);

        await world.AcceptedAsync(await world.ExhibitorAsync(), id, 3);
        Assert.Equal(HttpStatusCode.OK, (await Conditional(visitor, $"/api/events/{id}/catalogue.pdf", etag))
            .StatusCode);
    }

    [Fact]
    public async Task A_cancelled_or_unknown_event_has_no_catalogue()
    {
        var world = await EventWorld.StartAsync(shared.App);
        var (id, _) = await world.CreateEventAsync();
        await world.AcceptedAsync(await world.ExhibitorAsync(), id, 1);
        await (await world.Department.PostAsync($"/api/events/{id}/cancel",
            Api.JsonBody(new JsonObject { ["reason"] = "Mưa bão" }))).ExpectAsync(HttpStatusCode.OK);
        var visitor = shared.App.Client(null);

        await (await visitor.GetAsync($"/api/events/{id}/catalogue.pdf")).ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/events/{id}/catalogue")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync("/events/nosuchevent0/catalogue")).StatusCode);
    }

    private static Task<HttpResponseMessage> Conditional(HttpClient client, string path, EntityTagHeaderValue etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.IfNoneMatch.Add(etag);
        return client.SendAsync(request);
    }
}
