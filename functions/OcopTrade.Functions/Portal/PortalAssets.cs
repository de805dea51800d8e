using System.IO.Compression;
using System.Security.Cryptography;

namespace OcopTrade.Functions.Portal;

/// <summary>The portal's scripts and stylesheet, embedded in the assembly and held in memory with a gzip copy.
/// Pages link them with a content hash in the URL, so a phone keeps them for a year and fetches again only
/// after a deploy changed them: on a rural connection the second page costs no script or style bytes.</summary>
public sealed class PortalAssets
{
    private sealed record Asset(byte[] Raw, byte[] Gzip, string Version, string ContentType);

    /// <summary>The scanner's service worker. It lives with the other assets but serves the scan page, one level up,
    /// which the browser allows only when this answer says so (<c>Service-Worker-Allowed</c>).</summary>
    public const string ScanWorker = "scan-sw.js";
    public const string ScanScope = "/portal/scan";

    private readonly Dictionary<string, Asset> _assets = new(StringComparer.Ordinal);

    public PortalAssets()
    {
        var assembly = typeof(PortalAssets).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("portal/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var raw = new MemoryStream();
            stream.CopyTo(raw);
            var bytes = raw.ToArray();
            using var gzip = new MemoryStream();
            using (var zip = new GZipStream(gzip, CompressionLevel.SmallestSize, leaveOpen: true)) zip.Write(bytes);
            var name = resource["portal/".Length..];
            _assets[name] = new Asset(bytes, gzip.ToArray(), Convert.ToHexStringLower(SHA256.HashData(bytes))[..12],
                ContentTypeOf(name));
        }
        var versions = _assets.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => a.Key + ' ' + a.Value.Version);
        var all = System.Text.Encoding.UTF8.GetBytes(string.Join('\n', versions));
        Build = Convert.ToHexStringLower(SHA256.HashData(all))[..12];
    }

    /// <summary>One hash over every asset's: an offline copy of a page made of these assets is current while this
    /// stays the same, so the scanner's service worker names its cache after it.</summary>
    public string Build { get; }

    private static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".css" => "text/css; charset=utf-8",
        ".png" => "image/png",
        ".webmanifest" => "application/manifest+json; charset=utf-8",
        _ => "text/javascript; charset=utf-8",
    };

    public bool Has(string name) => _assets.ContainsKey(name);

    /// <summary>The versioned address of an asset, for a page to link.</summary>
    public string Url(string name) =>
        _assets.TryGetValue(name, out var asset) ? $"/portal/assets/{name}?v={asset.Version}"
        : throw new InvalidOperationException($"The portal asset {name} is not embedded (for jsQR.js: run `npm ci`, then build).");

    public IResult Serve(HttpContext context, string name)
    {
        if (!_assets.TryGetValue(name, out var asset)) return Results.NotFound();
        var headers = context.Response.Headers;
        headers.CacheControl = context.Request.Query["v"] == asset.Version ? "public, max-age=31536000, immutable" : "no-cache";
        headers.ETag = $"\"{asset.Version}\"";
        headers.Vary = "Accept-Encoding";
        if (name == ScanWorker) headers["Service-Worker-Allowed"] = ScanScope;
        if (context.Request.Headers.IfNoneMatch == $"\"{asset.Version}\"") return Results.StatusCode(StatusCodes.Status304NotModified);
        // A PNG is compressed already: gzip would only cost the phone time.
        if (!asset.ContentType.StartsWith("image/", StringComparison.Ordinal)
            && context.Request.Headers.AcceptEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase))
        {
            headers.ContentEncoding = "gzip";
            return Results.Bytes(asset.Gzip, asset.ContentType);
        }
        return Results.Bytes(asset.Raw, asset.ContentType);
    }
}
