using Azure.Data.Tables;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Linkage;

/// <summary>Enquiries, listed by producer, buyer or province key.</summary>
public sealed class EnquiryStore(TableServiceClient service)
    : PartyTable<Enquiry, EnquiryStatus>(service, TableName)
{
    public const string TableName = "Enquiries";

    protected override TableEntity ToEntity(Enquiry q) => new(q.Id, "")
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

    protected override Enquiry FromEntity(TableEntity e) => new(
        e.PartitionKey, e.GetString("BuyerId"), e.GetString("BuyerName"), e.GetString("ProducerId"),
        e.GetString("ProducerName"), e.GetString("Province"), e.GetString("ProductId"), e.GetString("ProductName"),
        Enum.Parse<EnquiryKind>(e.GetString("Kind")), e.GetInt32("Quantity")!.Value, e.GetString("Message"),
        e.GetString("EventId"), Enum.Parse<EnquiryStatus>(e.GetString("Status")), e.GetString("Answer"),
        e.GetDateTimeOffset("CreatedAt")!.Value, e.GetDateTimeOffset("AnsweredAt"));
}
