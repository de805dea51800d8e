using System.Net;
using System.Text.Json.Nodes;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Linkage;

[Collection(SharedAppCollection.Name)]
public sealed class EnquiryApiTests(SharedApp shared)
{
    private OcopApp App => shared.App;

    [Fact]
    public async Task A_verified_buyer_enquires_and_the_producer_answers_once()
    {
        var p = await LinkageSetup.BuildAsync(App);
        var (id, etag) = await LinkageSetup.SendEnquiryAsync(p.Buyer, p.ProductId);

        var received = await (await p.Producer.GetAsync("/api/enquiries?status=open")).ExpectAsync(HttpStatusCode.OK);
        var enquiry = Assert.Single(received["items"]!.AsArray())!;
        Assert.Equal((id, "Công ty Cổ phần Siêu thị Thử Nghiệm", "quote", 500), (enquiry["id"]!.GetValue<string>(),
            enquiry["buyerName"]!.GetValue<string>(), enquiry["kind"]!.GetValue<string>(),
                enquiry["quantity"]!.GetValue<int>()));

        var answer = new JsonObject { ["status"] = "answered", ["text"] = "Giá 320.000 đ/hộp, giao trong 10 ngày." };
        var answered = await (await LinkageSetup.PostAsync(p.Producer, $"/api/enquiries/{id}/answer", answer, etag))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("answered", answered["status"]!.GetValue<string>());
        var mine = await (await p.Buyer.GetAsync("/api/enquiries")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Giá 320.000 đ/hộp, giao trong 10 ngày.", mine["items"]![0]!["answer"]!.GetValue<string>());

        // The old ETag is stale now; with the fresh one, an answered enquiry is not answered again.
        await (await LinkageSetup.PostAsync(p.Producer, $"/api/enquiries/{id}/answer", answer, etag))
            .ExpectProblemAsync(HttpStatusCode.PreconditionFailed);
        var fresh = await p.Producer.GetAsync($"/api/enquiries/{id}");
        await (await LinkageSetup.PostAsync(p.Producer, $"/api/enquiries/{id}/answer", answer, fresh.Etag()))
            .ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Another_producer_or_buyer_gets_404_and_the_buyer_cannot_answer_its_own_enquiry()
    {
        var p = await LinkageSetup.BuildAsync(App);
        var (id, etag) = await LinkageSetup.SendEnquiryAsync(p.Buyer, p.ProductId);
        var admin = App.Client();
        var otherProducer = App.Client(await admin.ProducerKeyAsync(await admin.CreateProducerAsync(p.Province)));
        var (_, otherBuyerKey) = await LinkageSetup.VerifiedBuyerAsync(App, p.Department, p.Province);
        var otherBuyer = App.Client(otherBuyerKey);
        var answer = new JsonObject { ["status"] = "declined", ["text"] = "Không" };

        foreach (var stranger in new[] { otherProducer, otherBuyer })
        {
            await (await stranger.GetAsync($"/api/enquiries/{id}")).ExpectProblemAsync(HttpStatusCode.NotFound);
            await (await LinkageSetup.PostAsync(stranger, $"/api/enquiries/{id}/answer", answer, etag))
                .ExpectProblemAsync(HttpStatusCode.NotFound);
            Assert.Empty((await (await stranger.GetAsync("/api/enquiries")).ExpectAsync(HttpStatusCode.OK))
                ["items"]!.AsArray());
        }
        await (await LinkageSetup.PostAsync(p.Buyer, $"/api/enquiries/{id}/answer", answer, etag))
            .ExpectProblemAsync(HttpStatusCode.Forbidden);
        // The department of the producer's province sees it, and answers nothing.
        await (await p.Department.GetAsync($"/api/enquiries/{id}")).ExpectAsync(HttpStatusCode.OK);
        await (await LinkageSetup.PostAsync(p.Department, $"/api/enquiries/{id}/answer", answer, etag))
            .ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("open", (await (await p.Producer.GetAsync($"/api/enquiries/{id}")).ExpectAsync(HttpStatusCode.OK))
            ["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Only_published_products_take_enquiries_and_only_from_verified_buyers()
    {
        var p = await LinkageSetup.BuildAsync(App);
        var product = Api.Product(issueDate: LinkageSetup.Today(App).AddMonths(-1).ToString("yyyy-MM-dd"));
        product.Remove("gtin");
        var draft = (await (await p.Producer.PostAsync("/api/products", Api.JsonBody(product)))
            .ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        await (await p.Buyer.PostAsync("/api/enquiries", Api.JsonBody(LinkageSetup.Enquiry(draft))))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "productId");
        await (await p.Buyer.PostAsync("/api/enquiries", Api.JsonBody(LinkageSetup.Enquiry("0000000000zz"))))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "productId");
        var bad = LinkageSetup.Enquiry(p.ProductId, kind: "bribe");
        await (await p.Buyer.PostAsync("/api/enquiries",
            Api.JsonBody(bad))).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await p.Buyer.PostAsync("/api/enquiries", Api.JsonBody(LinkageSetup.Enquiry(p.ProductId, quantity: 0))))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "quantity");

        // A producer or department key does not send enquiries; nor does anyone without a key.
        await (await p.Producer.PostAsync("/api/enquiries", Api.JsonBody(LinkageSetup.Enquiry(p.ProductId))))
            .ExpectProblemAsync(HttpStatusCode.Forbidden);
        await (await App.Client(null).PostAsync("/api/enquiries", Api.JsonBody(LinkageSetup.Enquiry(p.ProductId))))
            .ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Empty((await (await p.Producer.GetAsync("/api/enquiries")).ExpectAsync(HttpStatusCode.OK))
            ["items"]!.AsArray());
    }

    [Fact]
    public async Task A_replayed_enquiry_with_the_same_Idempotency_Key_is_sent_once()
    {
        var p = await LinkageSetup.BuildAsync(App);
        var key = Guid.NewGuid().ToString();
        async Task<HttpResponseMessage> SendAsync(JsonObject body)
        {
            var post = new HttpRequestMessage(HttpMethod.Post, "/api/enquiries") { Content = Api.JsonBody(body) };
            post.Headers.Add("Idempotency-Key", key);
            return await p.Buyer.SendAsync(post);
        }
        var first = await (await SendAsync(LinkageSetup.Enquiry(p.ProductId))).ExpectAsync(HttpStatusCode.Created);
        var replay = await (await SendAsync(LinkageSetup.Enquiry(p.ProductId))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(first["id"]!.GetValue<string>(), replay["id"]!.GetValue<string>());
        await (await SendAsync(LinkageSetup.Enquiry(p.ProductId,
            quantity: 7))).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Single((await (await p.Producer.GetAsync("/api/enquiries")).ExpectAsync(HttpStatusCode.OK))
            ["items"]!.AsArray());
    }
}
