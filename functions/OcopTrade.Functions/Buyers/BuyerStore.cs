using Azure;
using Azure.Data.Tables;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Linkage;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Buyers;

/// <summary>One entity per buyer, partitioned by id; departments find theirs by province key.</summary>
public sealed class BuyerStore(TableServiceClient service, TimeProvider clock)
{
    public const string TableName = "Buyers";
    private readonly TableClient _table = service.GetTableClient(TableName);

    public async Task<(Buyer Buyer, ETag ETag)?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (!Ids.LooksValid(id)) return null;
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(id, "", cancellationToken: cancellationToken);
        return response.HasValue ? (ToBuyer(response.Value!), response.Value!.ETag) : null;
    }

    /// <summary>Adds a registration; a retried one (same id) answers the stored one and whether it is the same.</summary>
    public async Task<(Buyer Buyer, ETag ETag, bool Created, bool SameRequest)> RegisterAsync(
        string id, BuyerFields fields, CancellationToken cancellationToken)
    {
        var buyer = new Buyer(id, fields.CompanyName!, fields.Kind!.Value, fields.TaxCode!, fields.Province!,
            fields.ContactName!, fields.Email!, fields.Phone, BuyerStatus.Pending, null, clock.GetUtcNow(), null);
        var (stored, etag, created, same) =
            await IdempotentInsert.AddAsync(_table, ToEntity(buyer), Ids.Fingerprint(fields), cancellationToken);
        return (ToBuyer(stored), etag, created, same);
    }

    /// <summary>Writes the decided buyer only if nobody changed it since <paramref name="ifMatch"/>; null when stale.</summary>
    public async Task<ETag?> ReplaceAsync(Buyer buyer, ETag ifMatch, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _table.UpdateEntityAsync(ToEntity(buyer), ifMatch, TableUpdateMode.Replace, cancellationToken);
            return response.Headers.ETag;
        }
        catch (RequestFailedException e) when (e.Status == 412) { return null; }
    }

    /// <summary>A department's own province (an admin's any, or every one), optionally of one status.</summary>
    public Task<ItemPage<Buyer>> ListAsync(Caller caller, string? province, BuyerStatus? status, string? continuation,
        int pageSize, CancellationToken cancellationToken)
    {
        var clauses = new List<string>();
        if (caller.Role == Role.Department) province = caller.Province;
        if (province is not null) clauses.Add(TableClient.CreateQueryFilter($"ProvinceKey eq {Provinces.Key(province)}"));
        if (status is not null) clauses.Add(TableClient.CreateQueryFilter($"Status eq {status.ToString()}"));
        return TablePages.ReadAsync(_table, clauses, continuation, pageSize, ToBuyer, cancellationToken);
    }

    private static TableEntity ToEntity(Buyer b) => new(b.Id, "")
    {
        ["CompanyName"] = b.CompanyName,
        ["Kind"] = b.Kind.ToString(),
        ["TaxCode"] = b.TaxCode,
        ["Province"] = b.Province,
        ["ProvinceKey"] = Provinces.Key(b.Province),
        ["ContactName"] = b.ContactName,
        ["Email"] = b.Email,
        ["Phone"] = b.Phone,
        ["Status"] = b.Status.ToString(),
        ["Reason"] = b.Reason,
        ["RegisteredAt"] = b.RegisteredAt,
        ["DecidedAt"] = b.DecidedAt,
    };

    private static Buyer ToBuyer(TableEntity e) => new(
        e.PartitionKey, e.GetString("CompanyName"), Enum.Parse<BuyerKind>(e.GetString("Kind")), e.GetString("TaxCode"),
        e.GetString("Province"), e.GetString("ContactName"), e.GetString("Email"), e.GetString("Phone"),
        Enum.Parse<BuyerStatus>(e.GetString("Status")), e.GetString("Reason"), e.GetDateTimeOffset("RegisteredAt")!.Value,
        e.GetDateTimeOffset("DecidedAt"));
}
