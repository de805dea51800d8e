using Azure;
using Azure.Data.Tables;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Linkage;

/// <summary>One entity per enquiry, partitioned by id; listed by producer, buyer or province key.</summary>
public sealed class EnquiryStore(TableServiceClient service)
{
    public const string TableName = "Enquiries";
    private readonly TableClient _table = service.GetTableClient(TableName);

    public async Task<(Enquiry Enquiry, ETag ETag)?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (!Ids.LooksValid(id)) return null;
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(id, "", cancellationToken: cancellationToken);
        return response.HasValue ? (ToEnquiry(response.Value!), response.Value!.ETag) : null;
    }

    public async Task<(Enquiry Enquiry, ETag ETag, bool Created, bool SameRequest)> AddAsync(
        Enquiry enquiry, string fingerprint, CancellationToken cancellationToken)
    {
        var (stored, etag, created, same) =
            await IdempotentInsert.AddAsync(_table, ToEntity(enquiry), fingerprint, cancellationToken);
        return (ToEnquiry(stored), etag, created, same);
    }

    public async Task<ETag?> ReplaceAsync(Enquiry enquiry, ETag ifMatch, CancellationToken cancellationToken)
    {
        try
        {
            return (await _table.UpdateEntityAsync(ToEntity(enquiry), ifMatch, TableUpdateMode.Merge, cancellationToken))
                .Headers.ETag;
        }
        catch (RequestFailedException e) when (e.Status == 412) { return null; }
    }

    public Task<ItemPage<(Enquiry Enquiry, ETag ETag)>> ListAsync(
        Caller caller, EnquiryStatus? status, string? continuation, int pageSize, CancellationToken cancellationToken)
    {
        var clauses = PartyFilter.Of(caller);
        if (status is not null) clauses.Add(TableClient.CreateQueryFilter($"Status eq {status.ToString()}"));
        return TablePages.ReadAsync(_table, clauses, continuation, pageSize, e => (ToEnquiry(e), e.ETag), cancellationToken);
    }

    /// <summary>Every enquiry to producers recorded in these provinces, for the linkage figures.</summary>
    public Task<List<Enquiry>> InProvincesAsync(IEnumerable<string> provinceKeys, CancellationToken cancellationToken) =>
        TablePages.AllAsync(_table, PartyFilter.InProvinces(provinceKeys), ToEnquiry, cancellationToken);

    private static TableEntity ToEntity(Enquiry q) => new(q.Id, "")
    {
        ["BuyerId"] = q.BuyerId,
        ["BuyerName"] = q.BuyerName,
        ["ProducerId"] = q.ProducerId,
        ["ProducerName"] = q.ProducerName,
        ["Province"] = q.Province,
        ["ProvinceKey"] = Provinces.Key(q.Province),
        ["ProductId"] = q.ProductId,
        ["ProductName"] = q.ProductName,
        ["Kind"] = q.Kind.ToString(),
        ["Quantity"] = q.Quantity,
        ["Message"] = q.Message,
        ["EventId"] = q.EventId,
        ["Status"] = q.Status.ToString(),
        ["Answer"] = q.Answer,
        ["CreatedAt"] = q.CreatedAt,
        ["AnsweredAt"] = q.AnsweredAt,
    };

    private static Enquiry ToEnquiry(TableEntity e) => new(
        e.PartitionKey, e.GetString("BuyerId"), e.GetString("BuyerName"), e.GetString("ProducerId"),
        e.GetString("ProducerName"), e.GetString("Province"), e.GetString("ProductId"), e.GetString("ProductName"),
        Enum.Parse<EnquiryKind>(e.GetString("Kind")), e.GetInt32("Quantity")!.Value, e.GetString("Message"),
        e.GetString("EventId"), Enum.Parse<EnquiryStatus>(e.GetString("Status")), e.GetString("Answer"),
        e.GetDateTimeOffset("CreatedAt")!.Value, e.GetDateTimeOffset("AnsweredAt"));
}
