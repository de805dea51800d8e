using Azure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace OcopTrade.Functions.Platform;

public static class Concurrency
{
    /// <summary>Replacing a record demands the ETag the client read, so two people editing one listing on two
    /// phones cannot silently overwrite each other.</summary>
    public static (ETag ETag, ProblemHttpResult? Problem) RequireIfMatch(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header)) return (default, Problems.PreconditionRequired());
        return (new ETag(header.Trim()), null);
    }

    public static void WriteETag(HttpResponse response, ETag etag) => response.Headers.ETag = etag.ToString();

    public static int PageSize(int? requested) => Math.Clamp(requested ?? 50, 1, 200);
}
