using System.Globalization;
using Azure.Data.Tables;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Catalogue;

/// <summary>Where a page of the catalogue starts: after this entry (entries come in storage order).
/// Sent as "{Group} {productId}", the shape every continuation token of this API has.</summary>
public sealed record CatalogueCursor(ProductGroup Group, string ProductId)
{
    public override string ToString() => $"{Group} {ProductId}";

    public static CatalogueCursor? Parse(string token)
    {
        var parts = token.Split(' ');
        return parts.Length == 2 && Enum.TryParse<ProductGroup>(parts[0], out var group)
            && Enum.IsDefined(group) && parts[0] == group.ToString() && Ids.LooksValid(parts[1])
                ? new CatalogueCursor(group, parts[1]) : null;
    }
}

/// <summary>What a buyer asks the catalogue for. Every filter is optional; all that are given must hold.
/// <see cref="Matches"/> is the rule; <see cref="StorageFilter"/> is the same rule as far as Table storage can
/// evaluate it (all but the text search), so storage returns few rows beyond those answered.</summary>
public sealed record CatalogueQuery(
    ProductGroup? Group = null, int? Stars = null, string? Province = null, QualityStandard? Standard = null,
    int? MinMonthlyCapacity = null, string? Text = null, CatalogueCursor? After = null)
{
    public const int MaxTextLength = 100;

    /// <summary>The words of the search, folded: each must appear in the entry's name, producer or province.</summary>
    public IReadOnlyList<string> Words { get; } = Text is null ? [] :
        CatalogueEntry.Folded(Text).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Numbers are parsed here, not bound, so a bad one is reported under its own name like the rest.
    /// </summary>
    public static CatalogueQuery? Parse(
        string? group, string? stars, string? province, string? standard, string? minMonthlyCapacity, string? q,
        string? continuationToken, FieldErrors errors)
    {
        var query = new CatalogueQuery(
            QueryValues.Enum<ProductGroup>("group", group, errors),
            Number("stars", stars, 3, 5, errors, "OCOP ratings are 3, 4 or 5 stars."),
            errors.Text("province", province, 100),
            QueryValues.Enum<QualityStandard>("standard", standard, errors),
            Number("minMonthlyCapacity", minMonthlyCapacity, 1, ProductRules.MaxMonthlyCapacity, errors,
                $"Whole units a month, from 1 to {ProductRules.MaxMonthlyCapacity:N0}."),
            errors.Text("q", q, MaxTextLength),
            Cursor(continuationToken, errors));
        return errors.Any ? null : query;
    }

    private static int? Number(string name, string? value, int min, int max, FieldErrors errors, string rule)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            && n >= min && n <= max) return n;
        errors.Add(name, rule);
        return null;
    }

    private static CatalogueCursor? Cursor(string? token, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(token)) return null;
        var cursor = CatalogueCursor.Parse(token);
        if (cursor is null)
            errors.Add("continuationToken", "Not a token of this catalogue: send the last page's back.");
        return cursor;
    }

    public bool Matches(CatalogueEntry entry, DateOnly today) =>
        entry.InForceOn(today)
        && (Group is null || entry.Group == Group)
        && (Stars is null || entry.Stars == Stars)
        && (Province is null || Provinces.Same(entry.Province, Province))
        && (Standard is null || entry.Standards.Contains(Standard.Value))
        && (MinMonthlyCapacity is null || entry.MonthlyCapacity?.Quantity >= MinMonthlyCapacity)
        && (After is null || IsAfter(entry))
        && MatchesText(entry);

    public bool MatchesText(CatalogueEntry entry)
    {
        if (Words.Count == 0) return true;
        var text = entry.SearchText;
        return Words.All(w => text.Contains(w, StringComparison.Ordinal));
    }

    /// <summary>Storage order: partition (the group's name), then product id, both compared ordinally.</summary>
    private bool IsAfter(CatalogueEntry entry)
    {
        var partitions = string.CompareOrdinal(
            CatalogueRows.Partition(entry.Group), CatalogueRows.Partition(After!.Group));
        return partitions > 0 || (partitions == 0 && string.CompareOrdinal(entry.ProductId, After.ProductId) > 0);
    }

    /// <summary>The filters as an OData expression over the catalogue's rows (see <see cref="CatalogueRows"/>).
    /// </summary>
    public string StorageFilter(DateOnly today)
    {
        var clauses = new List<string> { TableClient.CreateQueryFilter($"ValidUntil ge {CatalogueRows.Day(today)}") };
        if (Group is { } group) clauses.Add(TableClient.CreateQueryFilter($"PartitionKey eq {group.ToString()}"));
        if (After is { } after) clauses.Add(AfterClause(after));
        if (Stars is { } stars) clauses.Add(TableClient.CreateQueryFilter($"Stars eq {stars}"));
        if (Province is { } province)
            clauses.Add(TableClient.CreateQueryFilter($"ProvinceKey eq {Provinces.Key(province)}"));
        if (Standard is { } standard) clauses.Add($"{CatalogueRows.StandardColumn(standard)} eq true");
        if (MinMonthlyCapacity is { } min) clauses.Add(TableClient.CreateQueryFilter($"MonthlyCapacity ge {min}"));
        return string.Join(" and ", clauses);
    }

    private static string AfterClause(CatalogueCursor after)
    {
        var partition = CatalogueRows.Partition(after.Group);
        return "(" + TableClient.CreateQueryFilter(
            $"PartitionKey gt {partition} or (PartitionKey eq {partition} and RowKey gt {after.ProductId})") + ")";
    }
}
