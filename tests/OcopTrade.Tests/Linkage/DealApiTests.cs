using System.Net;
using System.Text.Json.Nodes;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Linkage;

[Collection(SharedAppCollection.Name)]
public sealed class DealApiTests(SharedApp shared)
{
    private OcopApp App => shared.App;

    [Fact]
    public async Task A_buyer_records_a_deal_from_its_enquiry_and_the_producer_confirms_it_once()
    {
        var p = await LinkageSetup.BuildAsync(App);
        var (enquiryId, _) = await LinkageSetup.SendEnquiryAsync(p.Buyer, p.ProductId);
        var deal = LinkageSetup.Deal();
        deal["enquiryId"] = enquiryId; // the producer is taken from the enquiry
        var response = await p.Buyer.PostAsync("/api/deals", Api.JsonBody(deal));
        var recorded = await response.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal((p.ProducerId, "buyer", "awaitingConfirmation"), (recorded["producerId"]!.GetValue<string>(),
            recorded["recordedBy"]!.GetValue<string>(), recorded["status"]!.GetValue<string>()));
        var id = recorded["id"]!.GetValue<string>();
        var url = $"/api/deals/{id}/decision";

        // The side that recorded it cannot confirm it.
        await (await LinkageSetup.PostAsync(p.Buyer, url, new JsonObject { ["status"] = "confirmed" }, response.Etag()))
            .ExpectProblemAsync(HttpStatusCode.Forbidden);
        var confirmed = await (await LinkageSetup.PostAsync(p.Producer, url,
            new JsonObject { ["status"] = "confirmed" },
            response.Etag())).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("confirmed", confirmed["status"]!.GetValue<string>());
        await (await LinkageSetup.PostAsync(p.Producer, url, new JsonObject
        {
            ["status"] = "disputed",
            ["reason"] = "x"
        },
            response.Etag())).ExpectProblemAsync(HttpStatusCode.PreconditionFailed);
        var fresh = await p.Producer.GetAsync($"/api/deals/{id}");
        await (await LinkageSetup.PostAsync(p.Producer, url, new JsonObject
        {
            ["status"] = "disputed",
            ["reason"] = "x"
        },
            fresh.Etag())).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Single((await (await p.Department.GetAsync("/api/deals?status=confirmed"))
            .ExpectAsync(HttpStatusCode.OK))
            ["items"]!.AsArray());
    }

    [Fact]
    public async Task A_deal_is_disputed_with_a_reason_and_stays_on_record()
    {
        var p = await LinkageSetup.BuildAsync(App);
        var response = await p.Producer.PostAsync("/api/deals", Api.JsonBody(LinkageSetup.Deal(buyerId: p.BuyerId)));
        var id = (await response.ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        var url = $"/api/deals/{id}/decision";
        await (await LinkageSetup.PostAsync(p.Buyer, url, new JsonObject { ["status"] = "disputed" }, response.Etag()))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "reason");
        await (await LinkageSetup.PostAsync(p.Buyer, url, new JsonObject { ["status"] = "confirmed" }, null))
            .ExpectProblemAsync((HttpStatusCode)428);
        var disputed = await (await LinkageSetup.PostAsync(p.Buyer, url,
            new JsonObject { ["status"] = "disputed", ["reason"] = "Giá trị đúng là 100 triệu." }, response.Etag()))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(("disputed", "Giá trị đúng là 100 triệu."),
            (disputed["status"]!.GetValue<string>(), disputed["reason"]!.GetValue<string>()));
        Assert.Single((await (await p.Buyer.GetAsync("/api/deals")).ExpectAsync(HttpStatusCode.OK))
            ["items"]!.AsArray());
    }

    [Fact]
    public async Task Bad_deals_are_refused_field_by_field()
    {
        var p = await LinkageSetup.BuildAsync(App);
        var backwards = LinkageSetup.Deal(buyerId: p.BuyerId, from: "2025-06-01", to: "2025-05-31");
        await (await p.Producer.PostAsync("/api/deals",
            Api.JsonBody(backwards))).ExpectProblemAsync(HttpStatusCode.BadRequest, "periodTo");
        await (await p.Producer.PostAsync("/api/deals", Api.JsonBody(LinkageSetup.Deal(buyerId: p.BuyerId, value: 0))))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "valueVnd");
        await (await p.Producer.PostAsync("/api/deals", Api.JsonBody(LinkageSetup.Deal())))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "buyerId");
        await (await p.Buyer.PostAsync("/api/deals", Api.JsonBody(LinkageSetup.Deal(producerId: "0000000000zz"))))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "producerId");
        var hostile = LinkageSetup.Deal(buyerId: p.BuyerId);
        hostile["eventId"] = "<script>";
        await (await p.Producer.PostAsync("/api/deals",
            Api.JsonBody(hostile))).ExpectProblemAsync(HttpStatusCode.BadRequest, "eventId");
        // Another producer's deal cannot be recorded in its name, nor with a pending buyer.
        var admin = App.Client();
        var otherProducerId = await admin.CreateProducerAsync(p.Province);
        await (await p.Producer.PostAsync("/api/deals", Api.JsonBody(LinkageSetup.Deal(otherProducerId, p.BuyerId))))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "producerId");
        var pending = (await LinkageSetup.RegisterAsync(App, p.Province))["id"]!.GetValue<string>();
        await (await p.Producer.PostAsync("/api/deals", Api.JsonBody(LinkageSetup.Deal(buyerId: pending))))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "buyerId");
        await (await p.Department.PostAsync("/api/deals", Api.JsonBody(LinkageSetup.Deal(p.ProducerId, p.BuyerId))))
            .ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Empty((await (await p.Department.GetAsync("/api/deals")).ExpectAsync(HttpStatusCode.OK))
            ["items"]!.AsArray());
    }

    [Fact]
    public async Task Another_producers_enquiry_or_deal_is_not_found()
    {
        var p = await LinkageSetup.BuildAsync(App);
        var (enquiryId, _) = await LinkageSetup.SendEnquiryAsync(p.Buyer, p.ProductId);
        var response = await p.Producer.PostAsync("/api/deals", Api.JsonBody(LinkageSetup.Deal(buyerId: p.BuyerId)));
        var dealId = (await response.ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        var admin = App.Client();
        var other = App.Client(await admin.ProducerKeyAsync(await admin.CreateProducerAsync(p.Province)));

        await (await other.GetAsync($"/api/deals/{dealId}")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await LinkageSetup.PostAsync(other, $"/api/deals/{dealId}/decision",
            new JsonObject { ["status"] = "confirmed" }, response.Etag())).ExpectProblemAsync(HttpStatusCode.NotFound);
        var stolen = LinkageSetup.Deal(buyerId: p.BuyerId);
        stolen["enquiryId"] = enquiryId;
        await (await other.PostAsync("/api/deals", Api.JsonBody(stolen))).ExpectProblemAsync(HttpStatusCode.BadRequest,
            "enquiryId");
        Assert.Empty((await (await other.GetAsync("/api/deals")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray());
    }

    [Fact]
    public async Task A_replayed_deal_with_the_same_Idempotency_Key_is_recorded_once()
    {
        var p = await LinkageSetup.BuildAsync(App);
        var key = Guid.NewGuid().ToString();
        async Task<HttpResponseMessage> SendAsync(JsonObject body)
        {
            var post = new HttpRequestMessage(HttpMethod.Post, "/api/deals") { Content = Api.JsonBody(body) };
            post.Headers.Add("Idempotency-Key", key);
            return await p.Producer.SendAsync(post);
        }
        var first = await (await SendAsync(LinkageSetup.Deal(buyerId: p.BuyerId))).ExpectAsync(HttpStatusCode.Created);
        var replay = await (await SendAsync(LinkageSetup.Deal(buyerId: p.BuyerId))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(first["id"]!.GetValue<string>(), replay["id"]!.GetValue<string>());
        await (await SendAsync(LinkageSetup.Deal(buyerId: p.BuyerId,
            value: 1))).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Single((await (await p.Producer.GetAsync("/api/deals")).ExpectAsync(HttpStatusCode.OK))
            ["items"]!.AsArray());
    }
}
