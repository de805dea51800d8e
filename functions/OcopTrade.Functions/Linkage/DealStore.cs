using Azure;
using Azure.Data.Tables;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Linkage;

/// <summary>One entity per deal, partitioned by id; listed by producer, buyer or province key.</summary>
public sealed class DealStore(TableServiceClient service)
{
    public const string TableName = "Deals";
    private readonly TableClient _table = service.GetTableClient(TableName);

    public async Task<(Deal Deal, ETag ETag)?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (!Ids.LooksValid(id)) return null;
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(id, "", cancellationToken: cancellationToken);
        return response.HasValue ? (ToDeal(response.Value!), response.Value!.ETag) : null;
    }

    public async Task<(Deal Deal, ETag ETag, bool Created, bool SameRequest)> AddAsync(
        Deal deal, string fingerprint, CancellationToken cancellationToken)
    {
        var (stored, etag, created, same) =
            await IdempotentInsert.AddAsync(_table, ToEntity(deal), fingerprint, cancellationToken);
        return (ToDeal(stored), etag, created, same);
    }

    public async Task<ETag?> ReplaceAsync(Deal deal, ETag ifMatch, CancellationToken cancellationToken)
    {
        try
        {
            return (await _table.UpdateEntityAsync(ToEntity(deal), ifMatch, TableUpdateMode.Merge, cancellationToken))
                .Headers.ETag;
        }
        catch (RequestFailedException e) when (e.Status == 412) { return null; }
    }

    public Task<ItemPage<(Deal Deal, ETag ETag)>> ListAsync(
        Caller caller, DealStatus? status, string? continuation, int pageSize, CancellationToken cancellationToken)
    {
        var clauses = PartyFilter.Of(caller);
        if (status is not null) clauses.Add(TableClient.CreateQueryFilter($"Status eq {status.ToString()}"));
        return TablePages.ReadAsync(_table, clauses, continuation, pageSize, e => (ToDeal(e), e.ETag), cancellationToken);
    }

    /// <summary>Every deal with producers recorded in these provinces, for the linkage figures and plan progress.</summary>
    public Task<List<Deal>> InProvincesAsync(IEnumerable<string> provinceKeys, CancellationToken cancellationToken) =>
        TablePages.AllAsync(_table, PartyFilter.InProvinces(provinceKeys), ToDeal, cancellationToken);

    private static TableEntity ToEntity(Deal d) => new(d.Id, "")
    {
        ["ProducerId"] = d.ProducerId,
        ["ProducerName"] = d.ProducerName,
        ["BuyerId"] = d.BuyerId,
        ["BuyerName"] = d.BuyerName,
        ["Province"] = d.Province,
        ["ProvinceKey"] = Provinces.Key(d.Province),
        ["EnquiryId"] = d.EnquiryId,
        ["Kind"] = d.Kind.ToString(),
        ["ValueVnd"] = d.ValueVnd,
        ["PeriodFrom"] = d.PeriodFrom.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["PeriodTo"] = d.PeriodTo.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["EventId"] = d.EventId,
        ["Reference"] = d.Reference,
        ["RecordedBy"] = d.RecordedBy.ToString(),
        ["Status"] = d.Status.ToString(),
        ["Reason"] = d.Reason,
        ["CreatedAt"] = d.CreatedAt,
        ["DecidedAt"] = d.DecidedAt,
    };

    private static Deal ToDeal(TableEntity e) => new(
        e.PartitionKey, e.GetString("ProducerId"), e.GetString("ProducerName"), e.GetString("BuyerId"),
        e.GetString("BuyerName"), e.GetString("Province"), e.GetString("EnquiryId"),
        Enum.Parse<DealKind>(e.GetString("Kind")), e.GetInt64("ValueVnd")!.Value, DateOnly.Parse(e.GetString("PeriodFrom"),
            System.Globalization.CultureInfo.InvariantCulture),
        DateOnly.Parse(e.GetString("PeriodTo"), System.Globalization.CultureInfo.InvariantCulture), e.GetString("EventId"),
        e.GetString("Reference"), Enum.Parse<DealSide>(e.GetString("RecordedBy")),
        Enum.Parse<DealStatus>(e.GetString("Status")), e.GetString("Reason"), e.GetDateTimeOffset("CreatedAt")!.Value,
        e.GetDateTimeOffset("DecidedAt"));
}
