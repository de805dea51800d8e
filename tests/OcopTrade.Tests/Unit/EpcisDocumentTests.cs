using System.Text.Json.Nodes;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Traceability;
using OcopTrade.Tests.Traceability;

namespace OcopTrade.Tests.Unit;

/// <summary>The EPCIS document, window and paging token, without storage.</summary>
public class EpcisDocumentTests
{
    private const string Base = "https://ocoptrade.vn";
    private const string Link = "https://ocoptrade.vn/01/08934567890120/10/L%2F1?c=7K3M9Q2XA1BC";
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 2, 0, 0, TimeSpan.Zero);

    private static JsonObject Document() => Epcis.QueryDocument(
    [
        new ObservedLot("scan|a", Now.AddMinutes(-5), Link, false, null),
        new ObservedLot("scan|b", Now.AddMinutes(-4), Link, false, "sp1"),
        new ObservedLot("sale|sp1|s1", Now.AddMinutes(-3), Link, true, "sp1"),
    ], Base, Now);

    [Fact]
    public void Scans_and_sales_are_ObjectEvents_that_GS1s_EPCIS_2_schema_accepts()
    {
        var document = Document();
        Assert.Empty(EpcisSchema.Errors(document));
        var events = document["epcisBody"]!["queryResults"]!["resultsBody"]!["eventList"]!.AsArray();
        var sale = events[2]!;
        Assert.Equal("retail_selling", sale["bizStep"]!.GetValue<string>());
        Assert.Equal("retail_sold", sale["disposition"]!.GetValue<string>());
        Assert.Equal("https://ocoptrade.vn/api/sales-points/sp1", sale["bizLocation"]!["id"]!.GetValue<string>());
        Assert.Equal("2026-11-30T08:57:00.000+07:00", sale["eventTime"]!.GetValue<string>());
        Assert.Equal("inspecting", events[0]!["bizStep"]!.GetValue<string>());
        Assert.Null(events[0]!["bizLocation"]);
        Assert.Equal(Link, events[0]!["epcList"]![0]!.GetValue<string>());
        Assert.Equal(Epcis.EventId("scan|a"), events[0]!["eventID"]!.GetValue<string>());
        Assert.NotEqual(events[0]!["eventID"]!.GetValue<string>(), events[1]!["eventID"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("action", "LOOK")]
    [InlineData("eventTimeZoneOffset", "+7")]
    [InlineData("eventTime", "30/11/2026 09:57")]
    [InlineData("bizStep", "selling at the till")]
    public void The_schema_check_catches_what_the_standard_forbids(string field, string value)
    {
        var document = Document();
        document["epcisBody"]!["queryResults"]!["resultsBody"]!["eventList"]![0]![field] = value;
        Assert.NotEmpty(EpcisSchema.Errors(document));
    }

    [Fact]
    public void A_window_has_an_offset_ends_after_it_starts_and_spans_at_most_31_days()
    {
        var errors = new FieldErrors();
        Assert.Equal(new EpcisWindow(Now.AddDays(-7), Now, 100), EpcisWindow.Parse(null, null, null, Now, errors));
        var window = EpcisWindow.Parse("2026-11-01T00:00:00+07:00", "2026-11-30T00:00:00Z", 5, Now, errors)!;
        Assert.Equal(new DateTimeOffset(2026, 10, 31, 17, 0, 0, TimeSpan.Zero), window.From);
        Assert.False(errors.Any);

        foreach (var (from, to, size, field) in new[]
                 {
                     ("2026-11-01T00:00:00", "2026-11-02T00:00:00Z", (int?)null, "from"),
                     ("2026-10-01T00:00:00Z", "2026-11-02T00:00:01Z", null, "to"),
                     ("2026-11-02T00:00:00Z", "2026-11-01T00:00:00Z", null, "to"),
                     ("2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z", 501, "pageSize"),
                 })
        {
            var bad = new FieldErrors();
            Assert.Null(EpcisWindow.Parse(from, to, size, Now, bad));
            Assert.True(bad.ToDictionary().ContainsKey(field), field);
        }
    }

    [Fact]
    public void A_paging_token_round_trips_and_a_forged_one_is_refused()
    {
        var cursor = new EpcisCursor(EpcisPhase.Sales, "1!8!cGsx 1!12!cmsx");
        Assert.Equal(cursor, EpcisCursor.Decode(cursor.Encode()));
        Assert.Equal(EpcisCursor.Start, EpcisCursor.Decode(null));
        Assert.Null(EpcisCursor.Decode("not a token!"));
        Assert.Null(EpcisCursor.Decode(System.Buffers.Text.Base64Url.EncodeToString("x:abc"u8)));
    }
}
