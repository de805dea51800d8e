using Azure;
using Azure.Data.Tables;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Linkage;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Buyers;

/// <summary>Buyers, partitioned by id; departments find theirs by province key.</summary>
public sealed class BuyerStore(TableServiceClient service, TimeProvider clock) : RecordTable<Buyer>(service, TableName)
{
    public const string TableName = "Buyers";

    /// <summary>Adds a registration; a retried one (same id) answers the stored one and whether it is the
    /// same.</summary>
    public async Task<(Buyer Record, ETag ETag, bool Created, bool SameRequest)> RegisterAsync(
        string id, BuyerFields fields, CancellationToken cancellationToken)
    {
        var buyer = new Buyer(id, fields.CompanyName!, fields.Kind!.Value, fields.TaxCode!, fields.Province!,
            fields.ContactName!, fields.Email!, fields.Phone, BuyerStatus.Pending, null, clock.GetUtcNow(), null);
        return await AddAsync(buyer, Ids.Fingerprint(fields), cancellationToken);
    }

    /// <summary>A department's own province (an admin's any, or every one), optionally of one status.</summary>
    public Task<ItemPage<(Buyer Record, ETag ETag)>> ListAsync(Caller caller, string? province, BuyerStatus? status,
        string? continuation,
        int pageSize, CancellationToken cancellationToken)
    {
        var clauses = new List<string>();
        if (caller.Role == Role.Department) province = caller.Province;
        if (province is not null)
            clauses.Add(TableClient.CreateQueryFilter($"ProvinceKey eq {Provinces.Key(province)}"));
        if (status is not null) clauses.Add(TableClient.CreateQueryFilter($"Status eq {status.ToString()}"));
        return PageAsync(clauses, continuation, pageSize, cancellationToken);
    }

    protected override TableEntity ToEntity(Buyer b) => new(b.Id, "")
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

    protected override Buyer FromEntity(TableEntity e) => new(
        e.PartitionKey, e.GetString("CompanyName"), Enum.Parse<BuyerKind>(e.GetString("Kind")), e.GetString("TaxCode"),
        e.GetString("Province"), e.GetString("ContactName"), e.GetString("Email"), e.GetString("Phone"),
        Enum.Parse<BuyerStatus>(e.GetString("Status")), e.GetString("Reason"),
            e.GetDateTimeOffset("RegisteredAt")!.Value,
        e.GetDateTimeOffset("DecidedAt"));
}
