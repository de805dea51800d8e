using Microsoft.AspNetCore.Http.HttpResults;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.AdministrativeUnits;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Producers;
using OcopTrade.Functions.Products;
using OcopTrade.Functions.Revenue;

namespace OcopTrade.Functions.Plans;

public sealed record StarCount(int Stars, int Count);
public sealed record GroupCount(ProductGroup Group, int Count);
public sealed record UnitProducts(string Province, string? District, int ProductsTotal, IReadOnlyList<StarCount> ByStars, IReadOnlyList<GroupCount> ByGroup);
public sealed record Certification(string ProductId, string ProducerId, string? Name, int? Stars, ProductGroup? Group, string Province, string? District,
    string? CertificateNumber, DateOnly IssueDate, string Kind);

public sealed record ProductsReport(
    string? Province, string? ProducerId, string From, string To, UnitView Units, int ProductsTotal, IReadOnlyList<StarCount> ByStars,
    IReadOnlyList<GroupCount> ByGroup, IReadOnlyList<UnitProducts> ByUnit, int NewlyCertified, int Recertified, IReadOnlyList<Certification> Certifications);

public sealed record CertificatesReport(
    string? Province, string? ProducerId, DateTimeOffset? WatchedAt, int Expiring, int Expired, int Revoked, IReadOnlyList<CertificateMark> Items);

/// <summary>Reports on certified products (stars, groups, units, new and re-certified) and the certificate watch's lists.</summary>
public sealed class ProductReports(ProvinceRecords records, CertificateWatchStore watch, AdministrativeUnitMap units)
{
    internal AdministrativeUnitMap Units => units;

    /// <summary>The territory a caller may report on: province keys (with merged former provinces) and, for a producer, itself.</summary>
    private static async Task<(string? Province, IReadOnlyList<string>? Keys, string? ProducerId, ProblemHttpResult? Problem)> ScopeAsync(
        Caller caller, string? province, string? producerId, ProducerStore producers, AdministrativeUnitMap units, CancellationToken ct)
    {
        if (caller.Role == Role.Producer) producerId ??= caller.ProducerId;
        if (producerId is not null)
        {
            var producer = await producers.FindAsync(producerId, ct);
            if (producer is null || !(caller.Manages(producer.Id, producer.Province)
                || caller.Role == Role.Department && Provinces.Same(units.CurrentProvince(producer.Province), caller.Province)))
                return (null, null, null, Problems.NotFound("producer"));
            return (producer.Province, [Provinces.Key(producer.Province)], producer.Id, null);
        }
        var (scope, problem) = ReportScope.ProvinceFor(caller, province, units, allowProducer: false);
        return problem is not null ? (null, null, null, problem) : (scope, units.RecordedKeys(scope!), null, null);
    }

    public static async Task<Results<Ok<ProductsReport>, ProblemHttpResult>> ProductsAsync(
        HttpContext context, ProducerStore producers, ProductReports reports, string? province, string? producerId,
        int? year, int? half, string? from, string? to, string? units, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var period = ReportPeriod.Read(year, half, from, to, errors);
        var view = QueryValues.Enum<UnitView>("units", units, errors) ?? UnitView.Current;
        if (QueryValues.Problem(errors) is { } invalid) return invalid;
        var (scope, keys, producer, problem) = await ScopeAsync(Caller.From(context.User), province, producerId, producers, reports.Units, cancellationToken);
        if (problem is not null) return problem;
        return TypedResults.Ok(await reports.ProductsAsync(scope, keys!, producer, period!.Value, view, cancellationToken));
    }

    public async Task<ProductsReport> ProductsAsync(string? province, IReadOnlyList<string> keys, string? producerId, ReportPeriod period, UnitView view, CancellationToken ct)
    {
        var places = await records.ProducersAsync(keys, ct);
        var all = await records.CertifiedAsync(keys, producerId, places, ct);
        var certified = all.Where(p => p.CertifiedDuring(period)).ToList();
        var byUnit = certified
            .GroupBy(p => view == UnitView.Current ? (units.CurrentProvince(p.Product.Province), (string?)null) : (p.Product.Province, p.Producer?.District))
            .OrderBy(g => g.Key.Item1).ThenBy(g => g.Key.Item2)
            .Select(g => new UnitProducts(g.Key.Item1, g.Key.Item2, g.Count(), Stars(g), Groups(g))).ToList();
        var issued = all.Where(p => p.IssuedIn(period) && p.Product.RevokedAt is null).OrderBy(p => p.Certificate.IssueDate).ThenBy(p => p.Product.Id)
            .Select(p => new Certification(p.Product.Id, p.Product.ProducerId, p.Product.Fields.Name, p.Product.Fields.Stars, p.Product.Fields.Group,
                units.Label(p.Product.Province, view), view == UnitView.Current ? null : p.Producer?.District, p.Certificate.Number,
                p.Certificate.IssueDate, p.Recertified ? "recertified" : "new"))
            .ToList();
        return new ProductsReport(province is null ? null : units.Label(province, view), producerId, period.FromMonth, period.ToMonth, view, certified.Count,
            Stars(certified), Groups(certified), byUnit, issued.Count(c => c.Kind == "new"), issued.Count(c => c.Kind == "recertified"), issued);
    }

    private static List<StarCount> Stars(IEnumerable<CertifiedProduct> products) =>
        [.. products.Where(p => p.Product.Fields.Stars is not null).GroupBy(p => p.Product.Fields.Stars!.Value).OrderBy(g => g.Key).Select(g => new StarCount(g.Key, g.Count()))];

    private static List<GroupCount> Groups(IEnumerable<CertifiedProduct> products) =>
        [.. products.Where(p => p.Product.Fields.Group is not null).GroupBy(p => p.Product.Fields.Group!.Value).OrderBy(g => g.Key).Select(g => new GroupCount(g.Key, g.Count()))];

    public static async Task<Results<Ok<CertificatesReport>, ProblemHttpResult>> CertificatesAsync(
        HttpContext context, ProducerStore producers, ProductReports reports, string? province, string? producerId, string? state,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var wanted = QueryValues.Enum<CertificateState>("state", state, errors);
        if (wanted == CertificateState.Valid) errors.Add("state", "The watch lists expiring, expired and revoked certificates.");
        if (QueryValues.Problem(errors) is { } invalid) return invalid;
        var (scope, keys, producer, problem) = await ScopeAsync(Caller.From(context.User), province, producerId, producers, reports.Units, cancellationToken);
        if (problem is not null) return problem;
        return TypedResults.Ok(await reports.CertificatesAsync(scope, keys!, producer, wanted, cancellationToken));
    }

    public async Task<CertificatesReport> CertificatesAsync(string? province, IReadOnlyList<string> keys, string? producerId, CertificateState? state, CancellationToken ct)
    {
        var marks = await watch.MarksAsync(keys, producerId, ct);
        var items = marks.Where(m => state is null || m.State == state).OrderBy(m => m.ValidUntil).ThenBy(m => m.ProductId).ToList();
        return new CertificatesReport(province, producerId, await watch.LastRunAsync(ct),
            marks.Count(m => m.State == CertificateState.Expiring), marks.Count(m => m.State == CertificateState.Expired),
            marks.Count(m => m.State == CertificateState.Revoked), items);
    }
}
