using System.Text.RegularExpressions;
using Microsoft.Extensions.Primitives;

namespace OcopTrade.Functions.Platform;

/// <summary>Every query parameter is checked like a body field before any function sees it: text without control
/// characters or non-text, of a sane length, and turned into NFC (a search term typed on a decomposing keyboard
/// finds the NFC names stored); a page size within bounds rather than silently clamped; a continuation token of
/// the shape storage hands out. Each problem is a 400 naming the parameter in <c>errors</c>. Rules of one
/// endpoint's own parameters (years, channels, enums) stay with it, through <see cref="QueryValues"/>.</summary>
public static partial class QueryRules
{
    public const int MaxPageSize = 200;
    private const int MaxLength = 1000;

    public static IApplicationBuilder UseQueryRules(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (request.QueryString.HasValue)
        {
            var errors = new FieldErrors();
            var normalised = Check(request.Query, errors);
            if (QueryValues.Problem(errors) is { } problem)
            {
                await problem.ExecuteAsync(context);
                return;
            }
            if (normalised is not null) request.QueryString = normalised.Value;
        }
        await next(context);
    });

    /// <summary>Checks every value; answers the query string again when some value was not NFC.</summary>
    public static QueryString? Check(IQueryCollection query, FieldErrors errors)
    {
        var changed = false;
        var pairs = new List<KeyValuePair<string, string?>>();
        foreach (var (name, values) in query)
            foreach (var value in values)
            {
                var nfc = value is null ? null : FieldErrors.Nfc(value);
                changed |= !string.Equals(nfc, value, StringComparison.Ordinal);
                Check(name, value ?? "", errors);
                pairs.Add(new(name, nfc));
            }
        return changed ? QueryString.Create(pairs) : null;
    }

    private static void Check(string name, string value, FieldErrors errors)
    {
        if (value.Length == 0) return;
        if (!value.All(char.IsWhiteSpace) && errors.Text(name, value, MaxLength) is null) return; // refused as text
        if (name.Equals("pageSize", StringComparison.OrdinalIgnoreCase)) PageSize(name, value, errors);
        if (name.Equals("continuationToken", StringComparison.OrdinalIgnoreCase) && !ContinuationToken().IsMatch(value))
            errors.Add(name, "Not a continuation token this API gave out: send the last page's back, as is.");
    }

    private static void PageSize(string name, string value, FieldErrors errors)
    {
        if (!int.TryParse(value, System.Globalization.NumberStyles.None, null, out var size))
            errors.Add(name, $"Expected a whole number from 1 to {MaxPageSize}.");
        else if (size is < 1 or > MaxPageSize)
            errors.Add(name, $"From 1 to {MaxPageSize} items a page.");
    }

    /// <summary>Table storage pages on "NextPartitionKey NextRowKey", opaque keys of base64-like characters; the
    /// row key may be empty ("bnM2cGFrZXk ").</summary>
    [GeneratedRegex(@"^[A-Za-z0-9!*+/=_.~-]{1,512}( [A-Za-z0-9!*+/=_.~-]{0,512})?$")]
    private static partial Regex ContinuationToken();
}
