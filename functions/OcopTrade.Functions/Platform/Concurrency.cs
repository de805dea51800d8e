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

    /// <summary>The same, checked against the version stored now: a stale If-Match is a 412 before the body is
    /// read, so a client that sends back an old GET learns it is stale rather than what its body lacks. The
    /// conditional write still guards the race between this check and the write.</summary>
    public static (ETag ETag, ProblemHttpResult? Problem) RequireIfMatch(HttpRequest request, ETag stored)
    {
        var (ifMatch, problem) = RequireIfMatch(request);
        if (problem is not null) return (default, problem);
        return ifMatch == ETag.All || ifMatch == stored ? (ifMatch, null) : (default, Problems.PreconditionFailed());
    }

    public static void WriteETag(HttpResponse response, ETag etag) => response.Headers.ETag = etag.ToString();

    /// <summary>The page size asked for, or 50. <see cref="QueryRules"/> has already refused one out of bounds; the
    /// clamp keeps callers that bypass HTTP within the same bound.</summary>
    public static int PageSize(int? requested) => Math.Clamp(requested ?? 50, 1, QueryRules.MaxPageSize);
}
