using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Products;
using OcopTrade.Functions.Revenue;
using OcopTrade.Functions.SalesPoints;
using OcopTrade.Functions.TradeEvents;

namespace OcopTrade.Tests.Unit;

public class TradeEventRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 3, 0, 0, TimeSpan.Zero);

    private static EventFields Fields(int stalls = 2) => new(EventKind.Fair, "Hội chợ OCOP Lạng Sơn 2026",
        new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 5), PlaceKind.InProvince, "Quảng trường 17/10, Lạng Sơn",
        "Sở Công Thương Lạng Sơn", "Lạng Sơn", stalls, "Miễn phí gian hàng", new EventTargets(10, 30, 500_000_000, 5),
        EventStatus.Open);

    private static TradeEvent Event(int stalls = 2) => TradeEvent.Create("event0000001", Fields(stalls), Now);

    private static EventApplication Submitted(string id = "appl00000001") =>
        new(id, "event0000001", "producer0001", ["product00001"], ApplicationStatus.Submitted, Now);

    private static EventApplication.Decision Accept(EventApplication a, int? stall, TradeEvent ev, params int[] taken) =>
        a.Decide(new DecisionRequest(true, null, stall), "", ev, taken, "stall0000001", "department:Lạng Sơn", Now);

    [Fact]
    public void An_event_needs_its_kind_name_days_place_organiser_province_and_stalls()
    {
        var errors = new FieldErrors();
        Assert.Null(EventRules.Validate(new EventFields(null, " ", null, null, null, null, null, null, 0, null, null, null), errors));
        Assert.Equal(["from", "kind", "name", "organiser", "place", "placeKind", "province", "stallCount", "to"],
            errors.ToDictionary().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_event_cannot_end_before_it_starts_nor_be_created_cancelled()
    {
        var errors = new FieldErrors();
        EventRules.Validate(Fields() with { To = new DateOnly(2026, 11, 30), Status = EventStatus.Cancelled }, errors);
        Assert.Equal(["status", "to"], errors.ToDictionary().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Cancelling_keeps_every_field_and_records_the_reason()
    {
        var cancelled = Event().Cancel("Mưa bão", Now);
        Assert.Equal(EventStatus.Cancelled, cancelled.Status);
        Assert.Equal("Mưa bão", cancelled.CancelReason);
        Assert.Equal(Event() with { Status = EventStatus.Cancelled, CancelReason = "Mưa bão", CancelledAt = Now }, cancelled);
        Assert.False(cancelled.TakesApplications);
        Assert.NotNull(cancelled.ChangeRefusal(Fields(), 0));
    }

    [Fact]
    public void Stalls_cannot_shrink_below_one_already_assigned() =>
        Assert.NotNull(Event(5).ChangeRefusal(Fields(2), 3));

    [Fact]
    public void A_department_manages_only_its_provinces_events_and_its_producers_may_see_them()
    {
        var ev = Event();
        Assert.True(ev.ManagedBy(new Caller(Role.Department, Province: "Tỉnh Lạng Sơn")));
        Assert.False(ev.ManagedBy(new Caller(Role.Department, Province: "Bắc Kạn")));
        Assert.True(ev.VisibleTo(new Caller(Role.Producer, "p", Province: "Lạng Sơn")));
        Assert.False(ev.VisibleTo(new Caller(Role.Producer, "p", Province: "Bắc Kạn")));
    }

    [Fact]
    public void Accepting_assigns_a_stall_and_its_sales_point()
    {
        var accepted = Accept(Submitted(), 2, Event()).Decided!;
        Assert.Equal(ApplicationStatus.Accepted, accepted.Status);
        Assert.Equal(2, accepted.Stall);
        Assert.Equal("stall0000001", accepted.SalesPointId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    [InlineData(3)]
    public void A_stall_outside_the_events_count_is_refused(int? stall)
    {
        var refused = Accept(Submitted(), stall, Event());
        Assert.Null(refused.Decided);
        Assert.Equal("stall", refused.Field);
        Assert.False(refused.Conflict);
    }

    [Fact]
    public void A_stall_held_by_another_producer_is_a_conflict() =>
        Assert.True(Accept(Submitted(), 1, Event(), 1).Conflict);

    [Fact]
    public void Accepting_beyond_the_stall_count_is_refused()
    {
        var refused = Accept(Submitted(), 2, Event(), 1, 2);
        Assert.True(refused.Conflict);
        Assert.Contains("All 2 stalls", refused.Error);
    }

    [Fact]
    public void A_decline_needs_a_reason_and_keeps_it()
    {
        var request = new DecisionRequest(false, null, null);
        Assert.Equal("reason", Submitted().Decide(request, "", Event(), [], "s", "admin", Now).Field);
        var declined = Submitted().Decide(request, "Không đủ gian hàng", Event(), [], "s", "admin", Now).Decided!;
        Assert.Equal((ApplicationStatus.Declined, "Không đủ gian hàng"), (declined.Status, declined.Reason));
        Assert.Null(declined.SalesPointId);
    }

    [Fact]
    public void An_application_is_decided_once_and_withdrawn_only_before()
    {
        var accepted = Accept(Submitted(), 1, Event()).Decided!;
        Assert.True(Accept(accepted, 2, Event()).Conflict);
        Assert.Null(accepted.Withdraw(Now));
        var withdrawn = Submitted().Withdraw(Now)!;
        Assert.Equal(ApplicationStatus.Withdrawn, withdrawn.Status);
        Assert.Same(withdrawn, withdrawn.Withdraw(Now));
    }

    [Fact]
    public void No_decision_is_taken_on_a_cancelled_event() =>
        Assert.True(Accept(Submitted(), 1, Event().Cancel("Hoãn", Now)).Conflict);

    private static Product Listing(string id, string producer, ProductStatus status) => new()
    {
        Id = id, ProducerId = producer, Province = "Lạng Sơn", Slug = "x-" + id, Status = status,
        Fields = new ProductFields { Name = "Hồi Lạng Sơn" }, CreatedAt = Now, UpdatedAt = Now,
    };

    [Fact]
    public void A_producer_brings_only_its_own_published_products()
    {
        var listings = new Dictionary<string, Product>
        {
            ["mine00000001"] = Listing("mine00000001", "producer0001", ProductStatus.Published),
            ["draft0000001"] = Listing("draft0000001", "producer0001", ProductStatus.Draft),
            ["other0000001"] = Listing("other0000001", "producer0002", ProductStatus.Published),
        };
        Product? Find(string id) => listings.GetValueOrDefault(id);
        Assert.Null(EventApplication.ProductsRefusal(["mine00000001"], "producer0001", Find));
        Assert.Contains("not published", EventApplication.ProductsRefusal(["draft0000001"], "producer0001", Find));
        Assert.Contains("not one of your", EventApplication.ProductsRefusal(["other0000001"], "producer0001", Find));
        Assert.NotNull(EventApplication.ProductsRefusal([], "producer0001", Find));
        Assert.NotNull(EventApplication.ProductsRefusal(["mine00000001", "mine00000001"], "producer0001", Find));
    }

    [Fact]
    public void An_event_stall_sells_only_its_producers_products_on_the_events_days()
    {
        var stall = new SalesPoint("stall0000001", "Gian hàng 1", SalesPointKind.FairStall, "Lạng Sơn", null, null, Now,
            "event0000001", "producer0001", new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 5));
        Assert.Null(stall.StallRefusal("producer0001", new DateOnly(2026, 12, 5)));
        Assert.NotNull(stall.StallRefusal("producer0002", new DateOnly(2026, 12, 3)));
        Assert.NotNull(stall.StallRefusal("producer0001", new DateOnly(2026, 11, 30)));
        Assert.NotNull(stall.StallRefusal("producer0001", new DateOnly(2026, 12, 6)));
        var shop = new SalesPoint("shop00000001", "Cửa hàng", SalesPointKind.OcopShowroom, "Lạng Sơn", null, null, Now);
        Assert.Null(shop.StallRefusal("producer0002", new DateOnly(2020, 1, 1)));
    }

    [Fact]
    public void Results_count_accepted_producers_and_the_events_own_entries_against_its_targets()
    {
        var ev = Event();
        var accepted = Accept(Submitted(), 1, ev).Decided! with { ProductIds = ["p1", "p2"] };
        var declined = Submitted("appl00000002") with { ProducerId = "producer0002", Status = ApplicationStatus.Declined };
        RevenueEntry Entry(string id, long amount, string? eventId, string? replacedBy = null) => new(id, "producer0001",
            "p1", SalesChannel.Fair, null, "2026-12", amount, 1, null, null, null, "Lạng Sơn", "salesPoint:s", Now,
            replacedBy, eventId);
        var result = EventResult.Of(ev, [accepted, declined],
            [Entry("a", 100_000_000, ev.Id), Entry("b", 50_000_000, ev.Id), Entry("c", 7, "another00001"),
                Entry("d", 9, ev.Id, replacedBy: "a")], 12,
            new OcopTrade.Functions.Linkage.LinkageEventFigures(ev.Id, Enquiries: 7, DealsConfirmed: 3, ConfirmedValueVnd: 90_000_000,
                SubjectsInLinkage: 2));
        Assert.Equal(new EventMeasure(1, 10, 10), result.Producers);
        Assert.Equal(new EventMeasure(2, 30, 6.7), result.Products);
        Assert.Equal(new EventMeasure(1, 2, 50), result.Stalls);
        Assert.Equal(new EventMeasure(150_000_000, 500_000_000, 30), result.RevenueVnd);
        Assert.Equal(2, result.Sales.Value);
        Assert.Equal(12, result.Scans.Value);
        Assert.Equal(7, result.Enquiries.Value);
        Assert.Equal(new EventMeasure(3, 5, 60), result.Deals);
        Assert.Equal(90_000_000, result.DealValueVnd.Value);
    }

    [Fact]
    public void An_events_days_are_counted_in_Vietnams_time()
    {
        var (from, to) = EventResult.Window(Event());
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 17, 0, 0, TimeSpan.Zero), from);
        Assert.Equal(new DateTimeOffset(2026, 12, 5, 17, 0, 0, TimeSpan.Zero), to);
    }
}
