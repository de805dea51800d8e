using Microsoft.AspNetCore.Http.HttpResults;
using OcopTrade.Functions.AdministrativeUnits;
using OcopTrade.Functions.Producers;
using OcopTrade.Functions.Revenue;

namespace OcopTrade.Functions.Linkage;

/// <summary>Reads a report scope's enquiries and deals (a province and the former provinces it holds, or one
/// producer of it) and computes the linkage figures.</summary>
public sealed class LinkageReports(EnquiryStore enquiries, DealStore deals, AdministrativeUnitMap units)
{
    public async Task<LinkageReport> ComputeAsync(ReportScope scope, CancellationToken cancellationToken)
    {
        var keys = units.RecordedKeys(scope.Province!);
        var (sent, recorded) = (await enquiries.InProvincesAsync(keys, cancellationToken),
            await deals.InProvincesAsync(keys, cancellationToken));
        if (scope.ProducerId is { } producerId)
            (sent, recorded) = ([.. sent.Where(e => e.ProducerId == producerId)], [.. recorded.Where(d =>
                d.ProducerId == producerId)]);
        return LinkageFigures.Compute(scope.Province, scope.ProducerId, sent, recorded, scope.Period);
    }

    /// <summary><c>GET /api/reports/linkage</c>: the same scope rules as every report (a department its province, an
    /// admin the one it names, a producer itself).</summary>
    public static async Task<Results<Ok<LinkageReport>, ProblemHttpResult>> ReportAsync(
        HttpContext context, ProducerStore producers, LinkageReports reports, string? province, string? producerId,
        int? year, int? half, string? from, string? to, CancellationToken cancellationToken)
    {
        var (scope, problem) = await RevenueReports.ReadScopeAsync(context, producers, province, producerId, null, year,
            from, to, cancellationToken, half);
        if (problem is not null) return problem;
        return TypedResults.Ok(await reports.ComputeAsync(scope!, cancellationToken));
    }
}
