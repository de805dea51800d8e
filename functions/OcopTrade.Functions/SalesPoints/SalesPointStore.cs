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
        e.GetString("Commune"), e.GetString("Address"), e.GetDateTimeOffset("CreatedAt")!.Value);
}
