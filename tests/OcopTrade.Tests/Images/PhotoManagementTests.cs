using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Images;

[Collection(SharedAppCollection.Name)]
public class PhotoManagementTests(SharedApp shared)
{
    private static readonly string[] ContractFields =
        ["id", "productId", "status", "contentType", "bytes", "width", "height", "failureReason", "createdAt", "renditions",
         "dominantColour", "altText", "position", "primary"];

    private async Task<(Photos Photos, string[] Ids)> ThreePhotosAsync(bool processed = false)
    {
        var photos = await Photos.ForNewProductAsync(shared.App);
        var ids = new List<string>();
        foreach (var (w, h) in new[] { (640, 480), (480, 640), (500, 500) })
            ids.Add(processed ? await photos.UploadProcessedAsync(TestImages.Jpeg(w, h)) : await photos.UploadAsync(TestImages.Jpeg(w, h)));
        return (photos, ids.ToArray());
    }

    [Fact]
    public async Task The_list_follows_the_contract_in_upload_order_with_the_first_upload_primary()
    {
        var (photos, ids) = await ThreePhotosAsync();
        var list = await photos.ListAsync();
        Assert.Equal(ids, Photos.Ids(list));
        foreach (var image in list)
            Assert.Equal(ContractFields.Order(), image!.AsObject().Select(p => p.Key).Order());
        Assert.Equal([0, 1, 2], list.Select(i => i!["position"]!.GetValue<int>()));
        Assert.Equal([true, false, false], list.Select(i => i!["primary"]!.GetValue<bool>()));
        Assert.Null(list[0]!["altText"]);

        // Each photo also answers at its own address (the Location of its upload), exactly as listed.
        var one = await (await photos.Producer.GetAsync($"{photos.Base}/{ids[1]}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(ids[1], one["id"]!.GetValue<string>());
        Assert.Equal(1, one["position"]!.GetValue<int>());
        await (await photos.Producer.GetAsync($"{photos.Base}/0000000000zz")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Vietnamese_alt_text_and_the_primary_choice_are_kept_and_the_product_page_shows_them()
    {
        var (photos, ids) = await ThreePhotosAsync(processed: true);
        const string alt = "Hộp chè Shan Tuyết Tả Phìn 200 g trên nền gỗ";
        var patched = await (await photos.PatchAsync(ids[2], $$"""{"altText":"{{alt}}","primary":true}""")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(alt, patched["altText"]!.GetValue<string>());
        Assert.True(patched["primary"]!.GetValue<bool>());

        var list = await photos.ListAsync();
        Assert.Equal([false, false, true], list.Select(i => i!["primary"]!.GetValue<bool>()));
        Assert.Equal(ids, Photos.Ids(list)); // choosing the primary does not reorder the list

        // Published, the page leads with the primary photo and reads its alt text; the others fall back to the name.
        await (await photos.Producer.PostAsync($"/api/products/{photos.ProductId}/publish", null)).ExpectAsync(HttpStatusCode.OK);
        var product = await (await photos.Producer.GetAsync($"/api/products/{photos.ProductId}")).ExpectAsync(HttpStatusCode.OK);
        var html = await new HttpClient { BaseAddress = shared.App.BaseAddress }.GetStringAsync("/p/" + product["slug"]!.GetValue<string>());
        var first = html.IndexOf("<img", StringComparison.Ordinal);
        Assert.True(first >= 0, html);
        Assert.Contains($"alt=\"{alt}\"", html[first..html.IndexOf('>', first)]);
        Assert.Contains("fetchpriority=\"high\"", html[first..html.IndexOf('>', first)]);
        Assert.Contains(ids[2], html[first..html.IndexOf('>', first)]); // the primary photo's rendition leads

        // An empty string clears it.
        var cleared = await (await photos.PatchAsync(ids[2], """{"altText":""}""")).ExpectAsync(HttpStatusCode.OK);
        Assert.Null(cleared["altText"]);
    }

    [Theory]
    [InlineData("""{"altText":"Ho\uFFFFp che\u0300"}""", "altText")]  // a noncharacter
    [InlineData("""{"position":3}""", "position")]
    [InlineData("""{}""", "body")]
    public async Task A_bad_patch_is_refused_naming_the_field_and_changes_nothing(string body, string field)
    {
        var (photos, ids) = await ThreePhotosAsync();
        await (await photos.PatchAsync(ids[1], """{"altText":"Chè búp"}""")).ExpectAsync(HttpStatusCode.OK);
        static string Managed(JsonArray list) => string.Join(";", list.Select(i => $"{i!["id"]}|{i["altText"]}|{i["position"]}|{i["primary"]}"));
        var before = Managed(await photos.ListAsync());
        await (await photos.PatchAsync(ids[1], body)).ExpectProblemAsync(HttpStatusCode.BadRequest, field);
        Assert.Equal(before, Managed(await photos.ListAsync()));
    }

    [Fact]
    public async Task The_primary_photo_cannot_be_unset_while_false_on_another_photo_is_no_change()
    {
        var (photos, ids) = await ThreePhotosAsync();
        static string Managed(JsonArray list) =>
            string.Join(";", list.Select(i => $"{i!["id"]}|{i["position"]}|{i["primary"]}"));
        var before = Managed(await photos.ListAsync());
        await (await photos.PatchAsync(ids[0], """{"primary":false}"""))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "primary");
        await (await photos.PatchAsync(ids[1], """{"primary":false}""")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(before, Managed(await photos.ListAsync()));
    }

    [Fact]
    public async Task Alt_text_longer_than_250_characters_is_refused()
    {
        var (photos, ids) = await ThreePhotosAsync();
        await (await photos.PatchAsync(ids[0], $$"""{"altText":"{{new string('ệ', 251)}}"}""")).ExpectProblemAsync(HttpStatusCode.BadRequest, "altText");
        await (await photos.PatchAsync(ids[0], $$"""{"altText":"{{new string('ệ', 250)}}"}""")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Reordering_takes_a_permutation_of_every_photo_and_anything_else_is_a_422_that_changes_nothing()
    {
        var (photos, ids) = await ThreePhotosAsync();
        var reordered = await (await photos.ReorderAsync([ids[2], ids[0], ids[1]])).Content.ReadAsStringAsync();
        var list = JsonNode.Parse(reordered)!.AsArray();
        Assert.Equal([ids[2], ids[0], ids[1]], Photos.Ids(list));
        Assert.Equal([0, 1, 2], list.Select(i => i!["position"]!.GetValue<int>()));
        Assert.Equal(ids[0], list.Single(i => i!["primary"]!.GetValue<bool>())!["id"]!.GetValue<string>()); // still the first upload

        // A photo uploaded after a reorder goes last.
        var fourth = await photos.UploadAsync(TestImages.Jpeg(320, 240));
        Assert.Equal([ids[2], ids[0], ids[1], fourth], Photos.Ids(await photos.ListAsync()));

        foreach (var bad in new[] { new[] { ids[0], ids[1], ids[2] }, [ids[0], ids[1], ids[2], ids[2]], [ids[0], ids[1], ids[2], "0000000000zz"] })
            await (await photos.ReorderAsync(bad)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "imageIds");
        Assert.Equal([ids[2], ids[0], ids[1], fourth], Photos.Ids(await photos.ListAsync()));
    }

    [Fact]
    public async Task Deleting_a_photo_removes_its_record_renditions_and_original_and_the_first_upload_becomes_primary_again()
    {
        var (photos, ids) = await ThreePhotosAsync(processed: true);
        await (await photos.PatchAsync(ids[1], """{"primary":true}""")).ExpectAsync(HttpStatusCode.OK);
        var deleted = (await photos.ListAsync()).Single(i => i!["id"]!.GetValue<string>() == ids[1])!;
        var urls = deleted["renditions"]!.AsArray().Select(r => r!["url"]!.GetValue<string>()).ToList();
        Assert.Equal(7, urls.Count);

        var response = await photos.Producer.DeleteAsync($"{photos.Base}/{ids[1]}");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        var list = await photos.ListAsync();
        Assert.Equal([ids[0], ids[2]], Photos.Ids(list));
        Assert.Equal([true, false], list.Select(i => i!["primary"]!.GetValue<bool>()));
        using var anonymous = new HttpClient();
        foreach (var url in urls) Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(url)).StatusCode);
        var originals = new BlobServiceClient(shared.Storage.ConnectionString).GetBlobContainerClient("product-originals");
        Assert.False(await originals.GetBlobClient($"{photos.ProductId}/{ids[1]}").ExistsAsync());
        Assert.True(await originals.GetBlobClient($"{photos.ProductId}/{ids[0]}").ExistsAsync());

        await (await photos.Producer.DeleteAsync($"{photos.Base}/{ids[1]}")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Nobody_but_the_producer_its_province_and_admin_may_manage_its_photos()
    {
        var (photos, ids) = await ThreePhotosAsync();
        var stranger = (await Photos.ForNewProductAsync(shared.App)).Producer;
        var admin = shared.App.Client();
        var otherDepartment = shared.App.Client(await admin.IssueKeyAsync(new JsonObject { ["role"] = "department", ["province"] = "Hà Giang" }));
        var ownDepartment = shared.App.Client(await admin.IssueKeyAsync(new JsonObject { ["role"] = "department", ["province"] = "Lai Châu" }));

        foreach (var outsider in new[] { stranger, otherDepartment })
        {
            await (await photos.PatchAsync(ids[0], """{"altText":"x"}""", outsider)).ExpectProblemAsync(HttpStatusCode.NotFound);
            await (await photos.ReorderAsync(ids.Reverse(), outsider)).ExpectProblemAsync(HttpStatusCode.NotFound);
            await (await outsider.DeleteAsync($"{photos.Base}/{ids[0]}")).ExpectProblemAsync(HttpStatusCode.NotFound);
            await (await outsider.PostAsync($"{photos.Base}/upload-url", Api.JsonBody("""{"contentType":"image/jpeg","bytes":1000}""")))
                .ExpectProblemAsync(HttpStatusCode.NotFound);
        }
        Assert.Equal(ids, Photos.Ids(await photos.ListAsync()));
        Assert.Null((await photos.ListAsync())[0]!["altText"]);

        await (await photos.PatchAsync(ids[0], """{"altText":"Ảnh do sở duyệt"}""", ownDepartment)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, (await photos.ReorderAsync(ids.Reverse(), admin)).StatusCode);
        Assert.Equal(ids.Reverse(), Photos.Ids(await photos.ListAsync()));
    }

    [Fact]
    public async Task Concurrent_primary_choices_and_reorders_never_leave_two_primary_photos_or_a_mixed_order()
    {
        var (photos, ids) = await ThreePhotosAsync();
        var orders = new[] { new[] { ids[0], ids[1], ids[2] }, [ids[2], ids[1], ids[0]] };
        var requests = Enumerable.Range(0, 12).Select(i => i % 3 == 2
            ? photos.ReorderAsync(orders[i % 2])
            : photos.PatchAsync(ids[i % 3], """{"primary":true}""")).ToList();
        var responses = await Task.WhenAll(requests);
        // Each one either applied whole or (after several conflicts in a row) said so; none failed otherwise.
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);

        // Straight from storage: at most one record carries the primary flag, and positions are one whole order.
        var table = new TableServiceClient(shared.Storage.ConnectionString).GetTableClient("ProductImages");
        var stored = table.Query<TableEntity>(e => e.PartitionKey == photos.ProductId).ToList();
        Assert.True(stored.Count(e => e.GetBoolean("Primary") == true) <= 1, "two photos stored as primary");
        var listed = await photos.ListAsync();
        Assert.Single(listed, i => i!["primary"]!.GetValue<bool>());
        Assert.Contains(orders, o => o.SequenceEqual(Photos.Ids(listed)));
    }
}
