using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Plans;

public enum PlanWrite { Created, Unchanged, Conflict, Replaced }

/// <summary>Plans sit one partition per year (a report reads one year's plans together), keyed by their derived id.
/// Targets are one JSON property: a plan is read and written whole, and a thousand targets fit well under 64 KiB.</summary>
public sealed class PlanStore(TableServiceClient service)
{
    private readonly TableClient _table = service.GetTableClient(StorageNames.PlansTable);

    public static string Fingerprint(PlanFields fields) => Ids.Fingerprint(fields);

    /// <summary>Adds the plan. The same plan again (a retry, or the seeds at every start) changes nothing; another plan
    /// under the same number is a conflict unless <paramref name="replaceSeed"/> lets a newer seed file replace the
    /// seed stored before it (never a plan a department entered).</summary>
    public async Task<(PlanWrite Outcome, Plan Plan)> AddAsync(Plan plan, string fingerprint, bool replaceSeed, CancellationToken cancellationToken)
    {
        var entity = ToEntity(plan, fingerprint);
        try
        {
            await _table.AddEntityAsync(entity, cancellationToken);
            return (PlanWrite.Created, plan);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var stored = (await _table.GetEntityAsync<TableEntity>(entity.PartitionKey, entity.RowKey, cancellationToken: cancellationToken)).Value;
            if (stored.GetString("Fingerprint") == fingerprint) return (PlanWrite.Unchanged, ToPlan(stored));
            if (!replaceSeed || stored.GetString("Source") != nameof(PlanSource.Seed)) return (PlanWrite.Conflict, ToPlan(stored));
            try
            {
                await _table.UpdateEntityAsync(entity, stored.ETag, TableUpdateMode.Replace, cancellationToken);
                return (PlanWrite.Replaced, plan);
            }
            // Another instance loading the same seeds at the same moment got there first: its write is ours.
            catch (RequestFailedException c) when (c.Status == 412) { return (PlanWrite.Unchanged, plan); }
        }
    }

    public async Task<(Plan Plan, string Fingerprint)?> FindAsync(int year, string id, CancellationToken cancellationToken)
    {
        var found = await _table.GetEntityIfExistsAsync<TableEntity>(year.ToString(CultureInfo.InvariantCulture), id, cancellationToken: cancellationToken);
        return found.HasValue ? (ToPlan(found.Value!), found.Value!.GetString("Fingerprint")) : null;
    }

    /// <summary>A plan by id, whatever its year (one partition per year: a handful of point reads at most).</summary>
    public async Task<(Plan Plan, ETag ETag)?> FindByIdAsync(string id, CancellationToken cancellationToken)
    {
        if (id.Length is 0 or > 200 || !id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')) return null;
        await foreach (var e in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {id}"), cancellationToken: cancellationToken))
            return (ToPlan(e), e.ETag);
        return null;
    }

    /// <summary>Replaces a plan if it is still at <paramref name="ifMatch"/>; null when someone changed it meanwhile.</summary>
    public async Task<ETag?> ReplaceAsync(Plan plan, string fingerprint, ETag ifMatch, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _table.UpdateEntityAsync(ToEntity(plan, fingerprint), ifMatch, TableUpdateMode.Replace, cancellationToken);
            return response.Headers.ETag ?? default;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404) { return null; }
    }

    /// <summary>Plans of a year (or every year), whose province is one of <paramref name="provinceKeys"/> (or any).</summary>
    public async Task<List<Plan>> ListAsync(IReadOnlyCollection<string>? provinceKeys, int? year, CancellationToken cancellationToken)
    {
        var filter = year is { } y ? TableClient.CreateQueryFilter($"PartitionKey eq {y.ToString(CultureInfo.InvariantCulture)}") : null;
        var plans = new List<Plan>();
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            if (provinceKeys is null || provinceKeys.Contains(e.GetString("ProvinceKey")))
                plans.Add(ToPlan(e));
        return [.. plans.OrderBy(p => p.Year).ThenBy(p => p.Province).ThenBy(p => p.Number)];
    }

    private static TableEntity ToEntity(Plan p, string fingerprint) => new(p.Year.ToString(CultureInfo.InvariantCulture), p.Id)
    {
        ["Province"] = p.Province,
        ["ProvinceKey"] = Access.Provinces.Key(p.Province),
        ["Number"] = p.Number,
        ["Title"] = p.Title,
        ["IssuedBy"] = p.IssuedBy,
        ["Targets"] = JsonSerializer.Serialize(p.Targets, Json.Options),
        ["Source"] = p.Source.ToString(),
        ["RecordedBy"] = p.RecordedBy,
        ["RecordedAt"] = p.RecordedAt,
        ["Fingerprint"] = fingerprint,
    };

    private static Plan ToPlan(TableEntity e) => new(
        e.RowKey, e.GetString("Province"), int.Parse(e.PartitionKey, CultureInfo.InvariantCulture), e.GetString("Number"),
        e.GetString("Title"), e.GetString("IssuedBy"),
        JsonSerializer.Deserialize<List<PlanTarget>>(e.GetString("Targets"), Json.Options)!,
        Enum.Parse<PlanSource>(e.GetString("Source")), e.GetString("RecordedBy"), e.GetDateTimeOffset("RecordedAt")!.Value);

    public static Plan FromFields(PlanFields f, PlanSource source, string recordedBy, DateTimeOffset now) => new(
        PlanIds.For(f.Province!, f.Year!.Value, f.Number!), f.Province!, f.Year!.Value, f.Number!, f.Title, f.IssuedBy,
        [.. f.Targets!.Select(t => new PlanTarget(t.Metric!.Value, t.Level!.Value, t.Unit!, t.Min, t.Max, t.Note))],
        source, recordedBy, now);
}
