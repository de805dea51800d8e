using Azure.Data.Tables;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Linkage;

/// <summary>Deals, listed by producer, buyer or province key.</summary>
public sealed class DealStore(TableServiceClient service) : PartyTable<Deal, DealStatus>(service, TableName)
{
    public const string TableName = "Deals";

    protected override TableEntity ToEntity(Deal d) => new(d.Id, "")
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

    protected override Deal FromEntity(TableEntity e) => new(
        e.PartitionKey, e.GetString("ProducerId"), e.GetString("ProducerName"), e.GetString("BuyerId"),
        e.GetString("BuyerName"), e.GetString("Province"), e.GetString("EnquiryId"),
        Enum.Parse<DealKind>(e.GetString("Kind")), e.GetInt64("ValueVnd")!.Value,
            DateOnly.Parse(e.GetString("PeriodFrom"),
            System.Globalization.CultureInfo.InvariantCulture),
        DateOnly.Parse(e.GetString("PeriodTo"), System.Globalization.CultureInfo.InvariantCulture),
            e.GetString("EventId"),
        e.GetString("Reference"), Enum.Parse<DealSide>(e.GetString("RecordedBy")),
        Enum.Parse<DealStatus>(e.GetString("Status")), e.GetString("Reason"), e.GetDateTimeOffset("CreatedAt")!.Value,
        e.GetDateTimeOffset("DecidedAt"));
}
