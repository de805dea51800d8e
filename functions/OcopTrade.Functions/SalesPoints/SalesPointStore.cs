using Azure.Data.Tables;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.SalesPoints;

/// <summary>Sales points by id; their sales are in the <see cref="SaleLedger"/>.</summary>
public sealed class SalesPointStore(TableServiceClient service, TimeProvider clock)
{
    private readonly TableClient _points = service.GetTableClient(StorageNames.SalesPointsTable);

    public async Task<SalesPoint> CreateAsync(SalesPointFields f, CancellationToken cancellationToken)
    {
        var point = new SalesPoint(Ids.New(), f.Name!, f.Kind!.Value, f.Province!, f.Commune, f.Address, clock.GetUtcNow());
        await _points.AddEntityAsync(new TableEntity(point.Id, "")
        {
            ["Name"] = point.Name, ["Kind"] = point.Kind.ToString(), ["Province"] = point.Province,
            ["ProvinceKey"] = Provinces.Key(point.Province), ["Commune"] = point.Commune, ["Address"] = point.Address, ["CreatedAt"] = point.CreatedAt,
        }, cancellationToken);
        return point;
    }

    /// <summary>Creates an event stall's sales point under an id derived from its event and producer, so a repeated
    /// acceptance finds the one already made.</summary>
    public async Task<SalesPoint> CreateStallAsync(SalesPoint stall, CancellationToken cancellationToken)
    {
        try
        {
            await _points.AddEntityAsync(new TableEntity(stall.Id, "")
            {
                ["Name"] = stall.Name, ["Kind"] = stall.Kind.ToString(), ["Province"] = stall.Province,
                ["ProvinceKey"] = Provinces.Key(stall.Province), ["Commune"] = stall.Commune,
                ["Address"] = stall.Address, ["CreatedAt"] = stall.CreatedAt, ["EventId"] = stall.EventId,
                ["ProducerId"] = stall.ProducerId, ["ValidFrom"] = Day(stall.ValidFrom), ["ValidTo"] = Day(stall.ValidTo),
            }, cancellationToken);
            return stall;
        }
        catch (Azure.RequestFailedException e) when (e.Status == 409)
        {
            return (await FindAsync(stall.Id, cancellationToken))!;
        }
    }

    /// <summary>Moves a stall's selling days with its event's.</summary>
    public Task MoveStallDaysAsync(string id, DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
        _points.UpdateEntityAsync(new TableEntity(id, "") { ["ValidFrom"] = Day(from), ["ValidTo"] = Day(to) },
            Azure.ETag.All, TableUpdateMode.Merge, cancellationToken);

    private static string? Day(DateOnly? day) =>
        day?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static DateOnly? Day(string? text) =>
        text is null ? null : DateOnly.ParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public async Task<SalesPoint?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (!Ids.LooksValid(id)) return null;
        var found = await _points.GetEntityIfExistsAsync<TableEntity>(id, "", cancellationToken: cancellationToken);
        return found.HasValue ? ToSalesPoint(found.Value!) : null;
    }

    public async Task<IReadOnlyList<SalesPoint>> ListAsync(Caller caller, CancellationToken cancellationToken)
    {
        var filter = caller.Role == Role.Department ? TableClient.CreateQueryFilter($"ProvinceKey eq {Provinces.Key(caller.Province!)}") : null;
        var points = new List<SalesPoint>();
        await foreach (var e in _points.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken)) points.Add(ToSalesPoint(e));
        return points;
    }

    private static SalesPoint ToSalesPoint(TableEntity e) => new(
        e.PartitionKey, e.GetString("Name"), Enum.Parse<SalesPointKind>(e.GetString("Kind")), e.GetString("Province"),
        e.GetString("Commune"), e.GetString("Address"), e.GetDateTimeOffset("CreatedAt")!.Value, e.GetString("EventId"),
        e.GetString("ProducerId"), Day(e.GetString("ValidFrom")), Day(e.GetString("ValidTo")));
}
