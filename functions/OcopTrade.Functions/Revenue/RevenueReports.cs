using Azure.Data.Tables;
using Microsoft.AspNetCore.Http.HttpResults;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Producers;

namespace OcopTrade.Functions.Revenue;

public sealed record ChannelRevenue(SalesChannel Channel, bool Modern, long RevenueVnd, long PreviousRevenueVnd, decimal? GrowthPercent, bool? WithinTarget);
public sealed record YearRevenue(int Year, long RevenueVnd);
public sealed record GrowthBand(decimal MinPercent, decimal MaxPercent);

public sealed record RevenueReport(
    string? Province, string? ProducerId, SalesChannel? Channel, string From, string To, string PreviousFrom, string PreviousTo,
    long RevenueVnd, long PreviousRevenueVnd, decimal? GrowthPercent, GrowthBand TargetBand, bool? WithinTarget,
    IReadOnlyList<ChannelRevenue> ByChannel, IReadOnlyList<YearRevenue> ByYear);

public sealed record ParticipationReport(
    string Province, string? ProducerId, string From, string To, int SubjectsTotal, int SubjectsInModernChannels,
    decimal? ParticipationPercent, decimal TargetPercent, bool? MeetsTarget);

/// <summary>Department reports read roll-ups only (never raw entries), one province-year partition at a time.</summary>
public sealed partial class RevenueReports(
    TableServiceClient service, ProvinceRollups rollups, RevenueStore entries, ProducerNames producerNames,
    ILiveMarketplaceListings? liveListings = null)
{
    /// <summary>Plan targets of seed 001 (Lai Châu 2025): revenue through channels grows 5–10 % a year and at
    /// least 70 % of subjects sell through modern channels. Plans per unit come later; these are the defaults.</summary>
    public static readonly GrowthBand DefaultGrowthBand = new(5m, 10m);
    public const decimal DefaultParticipationTarget = 70m;


    /// <summary>Reads and checks a report's filters for the caller: their own producer, their province, or (admin) any.</summary>
    public static async Task<(ReportScope? Scope, ProblemHttpResult? Problem)> ReadScopeAsync(
        HttpContext context, ProducerStore producers, string? province, string? producerId, string? channel,
        int? year, string? from, string? to, CancellationToken cancellationToken, int? half = null, bool allProvinces = false)
    {
        var caller = Caller.From(context.User);
        if (caller.Role == Role.SalesPoint) return (null, Problems.Forbidden("Reports are for departments and producers."));
        var errors = new FieldErrors();
        var channelValue = QueryValues.Enum<SalesChannel>("channel", channel, errors);
        var period = ReportPeriod.Read(year, half, from, to, errors);
        if (QueryValues.Problem(errors) is { } problem) return (null, problem);

        if (producerId is not null)
        {
            var producer = await producers.FindAsync(producerId, cancellationToken);
            if (producer is null || !caller.Manages(producer.Id, producer.Province)) return (null, Problems.NotFound("producer"));
            if (province is not null && !Provinces.Same(province, producer.Province)) return (null, Problems.Invalid("province", "The producer is in another province."));
            return (new ReportScope(producer.Province, producer.Id, channelValue, period!.Value), null);
        }
        if (caller.Role == Role.Producer) return (null, Problems.Invalid("producerId", "A producer reports on itself: give your producerId."));
        if (caller.Role == Role.Department)
        {
            if (province is not null && !Provinces.Same(province, caller.Province)) return (null, Problems.NotFound("province"));
            province = caller.Province;
        }
        if (province is null && !allProvinces) return (null, Problems.Invalid("province", "Say which province."));
        return (new ReportScope(province, null, channelValue, period!.Value), null);
    }

    public static async Task<Results<Ok<RevenueReport>, ProblemHttpResult>> RevenueAsync(
        HttpContext context, ProducerStore producers, RevenueReports reports, string? province, string? producerId,
        string? channel, int? year, string? from, string? to, CancellationToken cancellationToken, int? half = null)
    {
        var (scope, problem) = await ReadScopeAsync(context, producers, province, producerId, channel, year, from, to, cancellationToken, half);
        if (problem is not null) return problem;
        return TypedResults.Ok(await reports.RevenueAsync(scope!, cancellationToken));
    }

    public static async Task<Results<Ok<ParticipationReport>, ProblemHttpResult>> ParticipationAsync(
        HttpContext context, ProducerStore producers, RevenueReports reports, string? province, string? producerId,
        string? channel, int? year, string? from, string? to, CancellationToken cancellationToken, int? half = null)
    {
        var (scope, problem) = await ReadScopeAsync(context, producers, province, producerId, channel, year, from, to, cancellationToken, half);
        if (problem is not null) return problem;
        if (scope!.Channel is { } c && !Channels.IsModern(c))
            return Problems.Invalid("channel", "Participation counts modern channels only: supermarket, convenienceStore or ecommerce.");
        return TypedResults.Ok(await reports.ParticipationAsync(scope, cancellationToken));
    }

    private static string Month(DateOnly d) => d.ToString("yyyy-MM");

    /// <summary>(channel, month, amount) cells of the scope from <paramref name="from"/> to <paramref name="to"/>.</summary>
    private async Task<List<(SalesChannel Channel, string Month, long Amount)>> CellsAsync(ReportScope scope, DateOnly from, DateOnly to, CancellationToken ct)
    {
        if (scope.ProducerId is not null) return await entries.CellsAsync(scope.ProducerId, Month(from), Month(to), ct);
        var cells = new List<(SalesChannel, string, long)>();
        for (var y = from.Year; y <= to.Year; y++)
            cells.AddRange(await rollups.ChannelMonthsAsync(scope.Province!, y, Month(from), Month(to), ct));
        return cells;
    }

    private static decimal? Growth(long current, long previous) => Money.GrowthPercent(current, previous);

    private static bool? Within(decimal? growth, GrowthBand band) => growth is { } g ? g >= band.MinPercent && g <= band.MaxPercent : null;

    public async Task<RevenueReport> RevenueAsync(ReportScope scope, CancellationToken ct)
    {
        // The previous period is the same months a year earlier, so a first half compares with the last first half.
        var (prevFrom, prevTo) = (scope.From.AddYears(-1), scope.To.AddYears(-1));
        var (currentCells, previousCells) = (CellsAsync(scope, scope.From, scope.To, ct), CellsAsync(scope, prevFrom, prevTo, ct)); // both at once
        var current = (await currentCells).Where(c => scope.Channel is null || c.Channel == scope.Channel).ToList();
        var previous = (await previousCells).Where(c => scope.Channel is null || c.Channel == scope.Channel).ToList();
        var band = DefaultGrowthBand;
        var byChannel = Enum.GetValues<SalesChannel>()
            .Where(ch => scope.Channel is null || ch == scope.Channel)
            .Select(ch =>
            {
                var now = Money.Sum(current.Where(c => c.Channel == ch), c => c.Amount);
                var before = Money.Sum(previous.Where(c => c.Channel == ch), c => c.Amount);
                var growth = Growth(now, before);
                return new ChannelRevenue(ch, Channels.IsModern(ch), now, before, growth, Within(growth, band));
            })
            .Where(c => c.RevenueVnd != 0 || c.PreviousRevenueVnd != 0).ToList();
        var byYear = current.GroupBy(c => int.Parse(c.Month[..4])).OrderBy(g => g.Key)
            .Select(g => new YearRevenue(g.Key, Money.Sum(g, c => c.Amount))).ToList();
        var total = Money.Sum(current, c => c.Amount);
        var totalBefore = Money.Sum(previous, c => c.Amount);
        var totalGrowth = Growth(total, totalBefore);
        return new RevenueReport(scope.Province, scope.ProducerId, scope.Channel, Month(scope.From), Month(scope.To), Month(prevFrom), Month(prevTo),
            total, totalBefore, totalGrowth, band, Within(totalGrowth, band), byChannel, byYear);
    }

    public async Task<ParticipationReport> ParticipationAsync(ReportScope scope, CancellationToken ct)
    {
        // Subjects: producers holding a certificate valid at some time in the period (issued before it ended,
        // valid until after it began, not revoked before it began).
        var periodStart = scope.From.ToString("yyyy-MM-dd");
        var periodEnd = scope.To.AddMonths(1).AddDays(-1).ToString("yyyy-MM-dd");
        var products = service.GetTableClient(StorageNames.ProductsTable);
        var filter = scope.ProducerId is not null
            ? TableClient.CreateQueryFilter($"ProducerId eq {scope.ProducerId}")
            : TableClient.CreateQueryFilter($"ProvinceKey eq {Provinces.Key(scope.Province!)}");
        filter += " and " + TableClient.CreateQueryFilter($"CertificateIssueDate le {periodEnd} and ValidUntil ge {periodStart}");
        var subjects = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var p in products.QueryAsync<TableEntity>(filter, select: ["ProducerId", "Revoked", "RevokedAt"], cancellationToken: ct))
        {
            var revokedAt = p.GetDateTimeOffset("RevokedAt");
            if (p.GetBoolean("Revoked") == true && revokedAt is { } r && DateOnly.FromDateTime(r.UtcDateTime.AddHours(7)) < scope.From) continue;
            subjects.Add(p.GetString("ProducerId"));
        }

        var modern = new Dictionary<string, long>(StringComparer.Ordinal);
        if (scope.ProducerId is not null)
        {
            foreach (var c in await entries.CellsAsync(scope.ProducerId, Month(scope.From), Month(scope.To), ct))
                if (Channels.IsModern(c.Channel) && (scope.Channel is null || c.Channel == scope.Channel))
                    modern[scope.ProducerId] = Money.Add(modern.GetValueOrDefault(scope.ProducerId), c.Amount);
        }
        else
        {
            for (var y = scope.From.Year; y <= scope.To.Year; y++)
                if (scope.Channel is null)
                    foreach (var (producer, amount) in await rollups.ProducerTotalsAsync(scope.Province!, y, Month(scope.From), Month(scope.To), modernOnly: true, ct))
                        modern[producer] = Money.Add(modern.GetValueOrDefault(producer), amount);
            if (scope.Channel is not null)
                // Per-channel participation needs producer cells: read each subject's own partition.
                foreach (var id in subjects)
                    foreach (var c in await entries.CellsAsync(id, Month(scope.From), Month(scope.To), ct))
                        if (c.Channel == scope.Channel) modern[id] = Money.Add(modern.GetValueOrDefault(id), c.Amount);
        }
        // A live marketplace listing is e-commerce presence even before its first recorded sale.
        IReadOnlySet<string> listed = liveListings is not null && scope.Channel is null or SalesChannel.Ecommerce
            ? await liveListings.ProducersWithLiveListingsAsync(scope.Province!, scope.From, scope.To, ct)
            : new HashSet<string>();
        var inModern = subjects.Count(s => modern.GetValueOrDefault(s) > 0 || listed.Contains(s));
        decimal? percent = subjects.Count == 0 ? null : Math.Round(inModern * 100m / subjects.Count, 2, MidpointRounding.AwayFromZero);
        return new ParticipationReport(scope.Province!, scope.ProducerId, Month(scope.From), Month(scope.To), subjects.Count, inModern, percent,
            DefaultParticipationTarget, percent is { } v ? v >= DefaultParticipationTarget : null);
    }
}
