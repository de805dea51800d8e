using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Traceability;

/// <summary>Which log a page reads: the scans first, then the sales.</summary>
public enum EpcisPhase { Scans, Sales }

/// <summary>Where a paged EPCIS read stands: the log and the storage continuation within it. Opaque to clients
/// (base64url); a token that does not decode is refused, never guessed at.</summary>
public sealed record EpcisCursor(EpcisPhase Phase, string? Continuation)
{
    public static readonly EpcisCursor Start = new(EpcisPhase.Scans, null);

    public string Encode() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes((Phase == EpcisPhase.Scans ? "s:" : "v:") + Continuation));

    public static EpcisCursor? Decode(string? token)
    {
        if (string.IsNullOrEmpty(token)) return Start;
        if (token.Length > 2048 || !Base64Url.IsValid(token)) return null;
        var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        var rest = text.Length > 2 ? text[2..] : null;
        return text[..Math.Min(2, text.Length)] switch
        {
            "s:" => new EpcisCursor(EpcisPhase.Scans, rest),
            "v:" => new EpcisCursor(EpcisPhase.Sales, rest),
            _ => null,
        };
    }
}

/// <summary>The time window and page size of an EPCIS query, bounded so one request reads a bounded log.</summary>
public sealed partial record EpcisWindow(DateTimeOffset From, DateTimeOffset To, int PageSize)
{
    public static readonly TimeSpan MaxSpan = TimeSpan.FromDays(31);
    public static readonly TimeSpan DefaultSpan = TimeSpan.FromDays(7);
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = Platform.QueryRules.MaxPageSize; // the API-wide page bound

    /// <summary><paramref name="from"/> and <paramref name="to"/> are ISO 8601 date-times with an offset; without them
    /// the last seven days up to <paramref name="now"/>.</summary>
    public static EpcisWindow? Parse(string? from, string? to, int? pageSize, DateTimeOffset now, FieldErrors errors)
    {
        var end = Time("to", to, errors) ?? now;
        var start = Time("from", from, errors) ?? end - DefaultSpan;
        if (end <= start) errors.Add("to", "Must come after 'from'.");
        else if (end - start > MaxSpan) errors.Add("to", $"The window is at most {MaxSpan.TotalDays:0} days.");
        if (pageSize is { } n && n is < 1 or > MaxPageSize) errors.Add("pageSize", $"Between 1 and {MaxPageSize}.");
        return errors.Any ? null : new EpcisWindow(start, end, pageSize ?? DefaultPageSize);
    }

    private static DateTimeOffset? Time(string field, string? text, FieldErrors errors)
    {
        if (text is null) return null;
        // An offset is required: a bare local time would be read in the server's zone, not the caller's.
        if (WithOffset().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
            return at;
        errors.Add(field, "An ISO 8601 date-time with its offset, e.g. 2026-11-30T00:00:00+07:00.");
        return null;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex WithOffset();

    public string Query(string? continuation) =>
        $"from={Uri.EscapeDataString(Iso(From))}&to={Uri.EscapeDataString(Iso(To))}&pageSize={PageSize}" +
        (continuation is null ? "" : "&nextPageToken=" + continuation);

    private static string Iso(DateTimeOffset at) =>
        at.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture);
}
