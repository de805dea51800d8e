using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;

namespace OcopTrade.Functions.Images;

public enum ImageStatus { Pending, Ready, Failed }

/// <summary>One photo of a product. The original blob is private; renditions (once processed) are public.
/// <see cref="Primary"/> as stored means "chosen by the producer"; <see cref="PhotoOrder"/> decides the one shown.</summary>
public sealed record ProductImage(
    string Id, string ProductId, ImageStatus Status, string ContentType, long Bytes, int Width, int Height,
    string? FailureReason, DateTimeOffset CreatedAt, List<Rendition>? Renditions = null, string? DominantColour = null)
{
    public string? AltText { get; init; }
    public int Position { get; init; }
    public bool Primary { get; init; }

    /// <summary>Set for a direct (SAS) upload: until <see cref="Uploaded"/> the original may not exist yet.</summary>
    public DateTimeOffset? UploadExpiresAt { get; init; }
    public bool Uploaded { get; init; } = true;

    /// <summary>The entity's ETag as read; not stored.</summary>
    public ETag ETag { get; init; }

    public string OriginalBlob => OriginalBlobOf(ProductId, Id);

    /// <summary>Renditions live under this prefix, so deleting a photo finds every one of its blobs.</summary>
    public string RenditionPrefix => RenditionPrefixOf(ProductId, Id);

    /// <summary>Blob names follow from the ids alone, so what remains of a photo whose record is gone can be found.</summary>
    public static string OriginalBlobOf(string productId, string imageId) => $"{productId}/{imageId}";
    public static string RenditionPrefixOf(string productId, string imageId) => $"{productId}/{imageId}/";

    public TableEntity ToEntity() => new(ProductId, Id)
    {
        ["Status"] = Status.ToString(), ["ContentType"] = ContentType, ["Bytes"] = Bytes,
        ["Width"] = Width, ["Height"] = Height, ["FailureReason"] = FailureReason, ["CreatedAt"] = CreatedAt,
        ["Renditions"] = Renditions is null ? null : System.Text.Json.JsonSerializer.Serialize(Renditions, Platform.Json.Options),
        ["DominantColour"] = DominantColour, ["AltText"] = AltText, ["Position"] = Position, ["Primary"] = Primary,
        ["UploadExpiresAt"] = UploadExpiresAt, ["Uploaded"] = Uploaded,
    };

    /// <summary>Only what processing decides, merged onto the record so a producer's concurrent alt text, order or
    /// primary choice is never overwritten by a queue function.</summary>
    public TableEntity ProcessingResult() => new(ProductId, Id)
    {
        ["Status"] = Status.ToString(), ["ContentType"] = ContentType, ["Bytes"] = Bytes, ["Width"] = Width, ["Height"] = Height,
        ["FailureReason"] = FailureReason,
        ["Renditions"] = Renditions is null ? null : System.Text.Json.JsonSerializer.Serialize(Renditions, Platform.Json.Options),
        ["DominantColour"] = DominantColour, ["Uploaded"] = Uploaded,
    };

    public static ProductImage From(TableEntity e) => new(
        e.RowKey, e.PartitionKey, Enum.Parse<ImageStatus>(e.GetString("Status")), e.GetString("ContentType"),
        e.GetInt64("Bytes") ?? 0, e.GetInt32("Width") ?? 0, e.GetInt32("Height") ?? 0,
        e.GetString("FailureReason"), e.GetDateTimeOffset("CreatedAt") ?? default,
        e.GetString("Renditions") is { } r ? System.Text.Json.JsonSerializer.Deserialize<List<Rendition>>(r, Platform.Json.Options) : null,
        e.GetString("DominantColour"))
    {
        AltText = e.GetString("AltText") is { Length: > 0 } alt ? alt : null, // "" is how a merge clears it
        Position = e.GetInt32("Position") ?? 0,
        Primary = e.GetBoolean("Primary") ?? false,
        UploadExpiresAt = e.GetDateTimeOffset("UploadExpiresAt"),
        Uploaded = e.GetBoolean("Uploaded") ?? true,
        ETag = e.ETag,
    };
}

/// <summary>The order producers see and pages show: by position, then upload time. Exactly one photo is primary
/// whenever any exist: the one chosen, else the first uploaded (so deleting the chosen one needs no extra write).</summary>
public static class PhotoOrder
{
    /// <summary>New photos go after every placed one (in upload order) without reading the others' positions.</summary>
    public const int Unplaced = int.MaxValue;

    public static List<ProductImage> Arrange(IEnumerable<ProductImage> images)
    {
        var ordered = images.OrderBy(i => i.Position).ThenBy(i => i.CreatedAt).ThenBy(i => i.Id, StringComparer.Ordinal).ToList();
        var primary = ordered.FirstOrDefault(i => i.Primary)
            ?? ordered.OrderBy(i => i.CreatedAt).ThenBy(i => i.Id, StringComparer.Ordinal).FirstOrDefault();
        return ordered.Select((image, index) => image with { Position = index, Primary = image.Id == primary?.Id }).ToList();
    }
}

public sealed record ImageView(string Id, string ProductId, ImageStatus Status, string ContentType, long Bytes, int Width, int Height,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? FailureReason, DateTimeOffset CreatedAt, List<Rendition> Renditions,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? DominantColour,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? AltText, int Position, bool Primary)
{
    /// <summary>A direct upload whose link expired unused reads as failed, without a timer having to mark it.</summary>
    public static ImageView Of(ProductImage i, DateTimeOffset now)
    {
        var abandoned = !i.Uploaded && i.Status == ImageStatus.Pending && i.UploadExpiresAt < now;
        return new(i.Id, i.ProductId, abandoned ? ImageStatus.Failed : i.Status, i.ContentType, i.Bytes, i.Width, i.Height,
            abandoned ? "The direct upload was not completed before its upload link expired." : i.FailureReason,
            i.CreatedAt, i.Renditions ?? [], i.DominantColour, i.AltText, i.Position, i.Primary);
    }
}
