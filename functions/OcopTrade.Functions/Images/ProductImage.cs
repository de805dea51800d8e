using Azure.Data.Tables;

namespace OcopTrade.Functions.Images;

public enum ImageStatus { Pending, Ready, Failed }

/// <summary>One photo of a product. The original blob is private; renditions (once processed) are public.</summary>
public sealed record ProductImage(
    string Id, string ProductId, ImageStatus Status, string ContentType, long Bytes, int Width, int Height,
    string? FailureReason, DateTimeOffset CreatedAt, List<Rendition>? Renditions = null, string? DominantColour = null)
{
    public string OriginalBlob => $"{ProductId}/{Id}";

    public TableEntity ToEntity() => new(ProductId, Id)
    {
        ["Status"] = Status.ToString(), ["ContentType"] = ContentType, ["Bytes"] = Bytes,
        ["Width"] = Width, ["Height"] = Height, ["FailureReason"] = FailureReason, ["CreatedAt"] = CreatedAt,
        ["Renditions"] = Renditions is null ? null : System.Text.Json.JsonSerializer.Serialize(Renditions, Platform.Json.Options),
        ["DominantColour"] = DominantColour,
    };

    public static ProductImage From(TableEntity e) => new(
        e.RowKey, e.PartitionKey, Enum.Parse<ImageStatus>(e.GetString("Status")), e.GetString("ContentType"),
        e.GetInt64("Bytes") ?? 0, e.GetInt32("Width") ?? 0, e.GetInt32("Height") ?? 0,
        e.GetString("FailureReason"), e.GetDateTimeOffset("CreatedAt") ?? default,
        e.GetString("Renditions") is { } r ? System.Text.Json.JsonSerializer.Deserialize<List<Rendition>>(r, Platform.Json.Options) : null,
        e.GetString("DominantColour"));
}

public sealed record ImageView(string Id, string ProductId, ImageStatus Status, string ContentType, long Bytes, int Width, int Height,
    string? FailureReason, DateTimeOffset CreatedAt, List<Rendition> Renditions, string? DominantColour)
{
    public static ImageView Of(ProductImage i) => new(i.Id, i.ProductId, i.Status, i.ContentType, i.Bytes, i.Width, i.Height, i.FailureReason,
        i.CreatedAt, i.Renditions ?? [], i.DominantColour);
}
