using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OcopTrade.Tests.Images;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Contract;

/// <summary>Vietnamese arrives decomposed from some keyboards and from VNI/TCVN3 converters: every Unicode form is
/// accepted, through the API, its query strings and its imports, and is stored (and so read back) as NFC.</summary>
[Collection(SharedAppCollection.Name)]
public sealed class UnicodeFormsTests(SharedApp shared)
{
    private readonly HttpClient _admin = shared.App.Client();

    private static string Nfd(string s) => s.Normalize(NormalizationForm.FormD);
    private static string Nfkd(string s) => s.Normalize(NormalizationForm.FormKD);

    /// <summary>Half composed, half not: what a paste from two sources gives.</summary>
    private static string Mixed(string s) => s[..(s.Length / 2)] + Nfd(s[(s.Length / 2)..]);

    private static void AssertNfc(string expected, JsonNode? actual)
    {
        var text = actual!.GetValue<string>();
        Assert.True(text.IsNormalized(NormalizationForm.FormC), $"Not NFC: {text}");
        Assert.Equal(expected.Normalize(NormalizationForm.FormC), text);
        Assert.Equal(Encoding.UTF8.GetBytes(expected.Normalize(NormalizationForm.FormC)), Encoding.UTF8.GetBytes(text));
    }

    [Fact]
    public async Task A_product_sent_in_NFD_NFKD_and_mixed_forms_is_stored_NFC()
    {
        var producer = shared.App.Client(await _admin.ProducerKeyAsync(await _admin.CreateProducerAsync()));
        var body = Api.Product();
        body["name"] = Nfd("Chè Shan Tuyết Tả Phìn");
        body["description"] = Nfkd("Chè cổ thụ hái tay ở độ cao 1.500 m, sao suốt bằng tay.");
        body["ingredients"] = Mixed("100% búp chè shan tuyết cổ thụ");
        body["rawMaterialArea"] = Nfd("Xã Tả Phìn, huyện Tam Đường");
        var created = await (await producer.PostAsync("/api/products", Api.JsonBody(body)))
            .ExpectAsync(HttpStatusCode.Created);

        var read = await (await producer.GetAsync($"/api/products/{created["id"]}")).ExpectAsync(HttpStatusCode.OK);
        AssertNfc("Chè Shan Tuyết Tả Phìn", read["name"]);
        AssertNfc("Chè cổ thụ hái tay ở độ cao 1.500 m, sao suốt bằng tay.", read["description"]);
        AssertNfc("100% búp chè shan tuyết cổ thụ", read["ingredients"]);
        AssertNfc("Xã Tả Phìn, huyện Tam Đường", read["rawMaterialArea"]);
        Assert.StartsWith("che-shan-tuyet-ta-phin-", read["slug"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_batch_lot_and_a_photo_alt_text_in_NFD_are_stored_NFC()
    {
        var photos = await Photos.ForNewProductAsync(shared.App);
        var batch = new JsonObject
        {
            ["lotNumber"] = Nfd("Lô 5 vụ xuân"), ["productionDate"] = "2025-03-01", ["bestBefore"] = "2026-03-01",
            ["quantity"] = 100, ["originCommune"] = Nfkd("Bình Lư"),
        };
        var batches = $"/api/products/{photos.ProductId}/batches";
        var made = await (await photos.Producer.PostAsync(batches, Api.JsonBody(batch)))
            .ExpectAsync(HttpStatusCode.Created);
        AssertNfc("Lô 5 vụ xuân", made["lotNumber"]);
        AssertNfc("Bình Lư", made["originCommune"]);

        var image = await photos.UploadAsync(TestImages.Jpeg());
        var altText = new JsonObject { ["altText"] = Mixed("Hộp chè nhìn nghiêng") };
        await (await photos.PatchAsync(image, altText.ToJsonString())).ExpectAsync(HttpStatusCode.OK);
        var read = await (await photos.Producer.GetAsync($"{photos.Base}/{image}")).ExpectAsync(HttpStatusCode.OK);
        AssertNfc("Hộp chè nhìn nghiêng", read["altText"]);
    }

    [Fact]
    public async Task A_producer_in_NFD_is_stored_NFC_and_found_by_a_search_term_in_any_form()
    {
        var commune = "Xã Bình Lư " + Guid.NewGuid().ToString("N")[..6];
        var body = Api.Producer();
        body["legalName"] = Nfd("Hợp tác xã Chè Tam Đường");
        body["address"] = Nfkd("Bản Nà Hiêng");
        body["commune"] = Nfd(commune);
        var created = await (await _admin.PostAsync("/api/producers", Api.JsonBody(body)))
            .ExpectAsync(HttpStatusCode.Created);
        AssertNfc("Hợp tác xã Chè Tam Đường", created["legalName"]);
        AssertNfc("Bản Nà Hiêng", created["address"]);
        AssertNfc(commune, created["commune"]);

        foreach (var term in new[] { commune, Nfd(commune), Mixed(commune) })
        {
            var page = await (await _admin.GetAsync("/api/producers?commune=" + Uri.EscapeDataString(term)))
                .ExpectAsync(HttpStatusCode.OK);
            var found = Assert.Single(page["items"]!.AsArray())!;
            Assert.Equal(created["id"]!.GetValue<string>(), found["id"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task A_plan_imported_from_CSV_in_NFD_is_stored_NFC()
    {
        var province = "Tỉnh Dạng Chuẩn " + Guid.NewGuid().ToString("N")[..8];
        var department = shared.App.Client(await _admin.IssueKeyAsync(
            new JsonObject { ["role"] = "department", ["province"] = province }));
        var csv = "province,year,number,title,issuedBy,metric,level,unit,min,max,note\r\n" +
                  $"{Nfd(province)},2026,{Nfd("5/KH-Đề án")}," +
                  $"{Nfkd("Kế hoạch phát triển sản phẩm OCOP")},{Mixed("Ủy ban nhân dân tỉnh")}," +
                  $"newProducts3Stars,commune,{Nfd("Xã Bình Lư")},3,,{Nfd("Ưu tiên chè")}\r\n";
        var file = new StringContent(csv, Encoding.UTF8, "text/csv");
        var imported = await (await department.PostAsync("/api/plans/import", file)).ExpectAsync(HttpStatusCode.OK);
        var id = imported["plans"]![0]!["id"]!.GetValue<string>();

        var plan = await (await department.GetAsync("/api/plans/" + id)).ExpectAsync(HttpStatusCode.OK);
        AssertNfc(province, plan["province"]);
        AssertNfc("5/KH-Đề án", plan["number"]);
        AssertNfc("Kế hoạch phát triển sản phẩm OCOP", plan["title"]);
        AssertNfc("Ủy ban nhân dân tỉnh", plan["issuedBy"]);
        AssertNfc("Xã Bình Lư", plan["targets"]![0]!["unit"]);
        AssertNfc("Ưu tiên chè", plan["targets"]![0]!["note"]);
    }

    [Fact]
    public async Task A_plan_imported_from_XLSX_in_NFD_is_stored_NFC()
    {
        var province = "Tỉnh Bảng Tính " + Guid.NewGuid().ToString("N")[..8];
        var department = shared.App.Client(await _admin.IssueKeyAsync(
            new JsonObject { ["role"] = "department", ["province"] = province }));
        using var xlsx = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(xlsx, new[]
        {
            new Dictionary<string, object>
            {
                ["province"] = Nfd(province), ["year"] = 2026, ["number"] = "6/KH", ["title"] = Nfkd("Kế hoạch năm"),
                ["metric"] = "subjectsInLinkage", ["level"] = "commune", ["unit"] = Mixed("Xã Tả Phìn"), ["min"] = 2,
            },
        });
        var file = new ByteArrayContent(xlsx.ToArray());
        file.Headers.ContentType = new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var imported = await (await department.PostAsync("/api/plans/import", file)).ExpectAsync(HttpStatusCode.OK);

        var plan = await (await department.GetAsync("/api/plans/" + imported["plans"]![0]!["id"]))
            .ExpectAsync(HttpStatusCode.OK);
        AssertNfc(province, plan["province"]);
        AssertNfc("Kế hoạch năm", plan["title"]);
        AssertNfc("Xã Tả Phìn", plan["targets"]![0]!["unit"]);
    }
}
