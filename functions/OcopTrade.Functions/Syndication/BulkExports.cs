using System.IO.Compression;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using MiniExcelLibs;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Images;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Producers;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Syndication;

/// <summary>For a marketplace we cannot reach by API, what a seller centre's bulk upload takes: one sheet row per
/// listable product (columns in the order of the seller-centre template, headers in Vietnamese) and a zip of the
/// square photos, named in the sheet as <c>{SKU}/{n}.jpg</c> so both files upload together.</summary>
public static class BulkExports
{
    public const int MaxImageColumns = 9;

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetAsync(
        string producerId, string file, HttpContext context, ProducerStore producers, ProductStore products, ImageStore images,
        PublicPhotos photos, IOptions<SyndicationOptions> options, ListingTermsSource terms, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var producer = await producers.FindAsync(producerId, cancellationToken);
        if (producer is null || !Caller.From(context.User).Manages(producer.Id, producer.Province)) return Problems.NotFound("producer");
        var (name, kind) = file.EndsWith("-images.zip", StringComparison.Ordinal) ? (file[..^"-images.zip".Length], "zip")
            : file.EndsWith(".xlsx", StringComparison.Ordinal) ? (file[..^".xlsx".Length], "xlsx") : (file, "");
        if (Channels.Find(name) is not { } channel || kind == "") return Problems.NotFound("bulk export");

        var today = CertificateValidity.TodayInVietnam(clock);
        var rows = new List<(MarketplaceListing Listing, Product Product)>();
        await foreach (var product in ListableAsync(products, producer.Id, today, cancellationToken))
        {
            var effective = (await terms.ForAsync(product, cancellationToken))[channel.Name];
            var (listing, _) = ListingMapper.Map(product, channel, await images.ListAsync(product.Id, cancellationToken),
                options.Value.DefaultStock, today, effective);
            if (listing is not null) rows.Add((listing, product));
        }
        var stamp = $"{producer.Id}-{channel.Name}-{today:yyyyMMdd}";
        return kind == "xlsx"
            ? TypedResults.File(await SheetAsync(channel, rows, cancellationToken), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", stamp + ".xlsx")
            : TypedResults.File(
                await ZipAsync(photos, rows, cancellationToken), "application/zip", stamp + "-images.zip");
    }

    private static async IAsyncEnumerable<Product> ListableAsync(
        ProductStore products, string producerId, DateOnly today, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? continuation = null;
        do
        {
            var page = await products.ListAsync(new Caller(Role.Admin), new ProductFilter(null, producerId, null, null, ProductStatus.Published, null),
                continuation, 1000, cancellationToken);
            foreach (var p in page.Items.Where(p => ListingJobs.Listable(p, today)).OrderBy(p => p.Fields.Name, StringComparer.Ordinal))
                yield return p;
            continuation = page.ContinuationToken;
        } while (continuation is not null);
    }

    public static async Task<byte[]> SheetAsync(Channel channel, IReadOnlyList<(MarketplaceListing Listing, Product Product)> rows, CancellationToken cancellationToken)
    {
        var sheet = rows.Select(r =>
        {
            var l = r.Listing;
            var row = new Dictionary<string, object?>
            {
                ["Mã SKU"] = l.Sku,
                ["Tên sản phẩm"] = l.Title,
                ["Mã danh mục"] = l.CategoryId,
                ["Mô tả sản phẩm"] = l.Description,
                ["Giá bán (VNĐ)"] = l.PriceVnd,
                ["Tồn kho"] = l.Stock,
                ["Khối lượng (gram)"] = l.WeightGrams,
            };
            for (var i = 0; i < MaxImageColumns; i++)
                row[i == 0 ? "Ảnh bìa" : $"Ảnh {i + 1}"] = i < l.Images.Count && i < channel.MaxImages ? $"{l.Sku}/{i + 1}.jpg" : null;
            row["Số sao OCOP"] = r.Product.Fields.Stars;
            row["Xuất xứ"] = r.Product.Province;
            row["Số giấy chứng nhận OCOP"] = r.Product.Fields.Certificate?.Number;
            row["Tiêu chuẩn"] = l.Attributes.GetValueOrDefault("standards");
            row["Mã vạch (GTIN)"] = r.Product.Fields.Gtin;
            // Names and descriptions are the producer's text: one starting with = + - @ would run as a formula in the
            // spreadsheet the seller opens, so it is neutralised as in every other export (Hardening/FormulaSafeExportTests).
            return row.ToDictionary(c => c.Key, c => c.Value is string text ? Revenue.Csv.Safe(text) : c.Value);
        }).ToList();
        using var buffer = new MemoryStream();
        await buffer.SaveAsAsync(sheet, sheetName: channel.Name, cancellationToken: cancellationToken);
        return buffer.ToArray();
    }

    private static async Task<byte[]> ZipAsync(
        PublicPhotos photos, IReadOnlyList<(MarketplaceListing Listing, Product Product)> rows,
        CancellationToken cancellationToken)
    {
        var container = photos.Container;
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (listing, _) in rows)
                for (var i = 0; i < listing.Images.Count && i < MaxImageColumns; i++)
                {
                    var content = await container.GetBlobClient(listing.Images[i].BlobName).DownloadContentAsync(cancellationToken);
                    // JPEG is already compressed: storing is as small and much faster.
                    var entry = zip.CreateEntry($"{listing.Sku}/{i + 1}.jpg", CompressionLevel.NoCompression);
                    await using var stream = await entry.OpenAsync(cancellationToken);
                    await stream.WriteAsync(content.Value.Content.ToMemory(), cancellationToken);
                }
        }
        return buffer.ToArray();
    }
}
