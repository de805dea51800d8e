using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace OcopTrade.Functions.Platform;

public static class Json
{
    /// <summary>The one set of JSON rules for the API: camelCase, string enums, and unknown members refused
    /// so a typo or a read-only field in a request is reported instead of silently dropped.</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.AllowTrailingCommas = false;
        options.ReadCommentHandling = JsonCommentHandling.Disallow;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
    }

    /// <summary>What the API writes: the same rules, with Vietnamese letters written as themselves. The default
    /// encoder writes "Hợp tác xã" (14 bytes in UTF-8) as "H\u1EE3p t\u00E1c x\u00E3" (25), nearly doubling the
    /// Vietnamese text a phone downloads. HTML-sensitive characters (&lt; &gt; &amp; ' ") stay escaped. Not used for
    /// <see cref="Options"/>: request fingerprints are hashes of its output and must not change.</summary>
    public static void ConfigureHttp(JsonSerializerOptions options)
    {
        Configure(options);
        options.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
    }

    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        // Locked with its resolver, so its type metadata (which members are writable) can be asked before any
        // serialisation has happened.
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
