using OcopTrade.Functions.Access;
using OcopTrade.Functions.Buyers;
using OcopTrade.Functions.Linkage;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Revenue;

namespace OcopTrade.Tests.Unit;

public class LinkageRulesTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 3, 0, 0, TimeSpan.Zero);
    private static readonly Caller Producer = new(Role.Producer, ProducerId: "p1", Province: "Lai Châu");
    private static readonly Caller Buyer = new(Role.Buyer, Province: "Hà Nội", BuyerId: "b1");

    private static Deal Deal(string producer = "p1", DealStatus status = DealStatus.AwaitingConfirmation,
        string from = "2025-01-01", string to = "2025-12-31", DealSide recordedBy = DealSide.Producer,
            long value = 100) => new(
        "d" + Guid.NewGuid().ToString("N")[..8], producer, "HTX", "b1", "Siêu thị", "Lai Châu", null, DealKind.Contract,
        value, DateOnly.Parse(from), DateOnly.Parse(to), null, "HĐ 1", recordedBy, status, null, Now, null);

    private static Enquiry Enquiry(EnquiryStatus status = EnquiryStatus.Open, DateTimeOffset? at = null) => new(
        "q1", "b1", "Siêu thị", "p1", "HTX", "Lai Châu", "x1", "Chè", EnquiryKind.Quote, 10, null, null, status, null,
        at ?? Now, null);

    [Fact]
    public void Only_the_side_that_did_not_record_a_deal_confirms_it_and_only_once()
    {
        var deal = Deal(recordedBy: DealSide.Producer);
        Assert.Equal(Refusal.NotYours, deal.DecideBy(DealSide.Producer, DealStatus.Confirmed, null, Now).Refusal);
        Assert.Equal(Refusal.NotYours, deal.DecideBy(null, DealStatus.Confirmed, null, Now).Refusal);
        var confirmed = deal.DecideBy(DealSide.Buyer, DealStatus.Confirmed, null, Now).Next!;
        Assert.True(confirmed.Counts);
        Assert.Equal(Refusal.Conflict, confirmed.DecideBy(DealSide.Buyer, DealStatus.Confirmed, null, Now).Refusal);
        Assert.Equal(Refusal.Conflict, confirmed.DecideBy(DealSide.Buyer, DealStatus.Disputed, "sai", Now).Refusal);
    }

    [Fact]
    public void A_dispute_needs_a_reason_and_a_decision_is_confirmed_or_disputed()
    {
        var deal = Deal(recordedBy: DealSide.Buyer);
        Assert.Equal("reason", deal.DecideBy(DealSide.Producer, DealStatus.Disputed, null, Now).Field);
        Assert.Equal("status", deal.DecideBy(DealSide.Producer, DealStatus.AwaitingConfirmation, null, Now).Field);
        var disputed = deal.DecideBy(DealSide.Producer, DealStatus.Disputed, "Chưa ký", Now).Next!;
        Assert.False(disputed.Counts);
        Assert.Equal("Chưa ký", disputed.Reason);
    }

    [Fact]
    public void A_deal_is_seen_by_its_two_sides_and_their_department_and_decided_only_by_its_sides()
    {
        var deal = Deal();
        Assert.Equal(DealSide.Producer, deal.SideOf(Producer));
        Assert.Equal(DealSide.Buyer, deal.SideOf(Buyer));
        Assert.Null(deal.SideOf(new Caller(Role.Department, Province: "Lai Châu")));
        Assert.True(deal.VisibleTo(new Caller(Role.Department, Province: "tỉnh lai châu")));
        Assert.False(deal.VisibleTo(new Caller(Role.Department, Province: "Hà Giang")));
        Assert.False(deal.VisibleTo(new Caller(Role.Buyer, BuyerId: "b2")));
        Assert.False(deal.VisibleTo(new Caller(Role.Producer, ProducerId: "p2")));
    }

    [Theory]
    [InlineData("2025-06-01", "2025-05-31", "periodTo")]
    [InlineData("2025-01-01", "2036-01-02", "periodTo")]
    [InlineData("2014-01-01", "2014-12-31", "periodFrom")]
    public void A_deal_period_runs_forwards_within_ten_years(string from, string to, string field)
    {
        var errors = new FieldErrors();
        Assert.Null(DealRules.Validate(Fields(from: DateOnly.Parse(from), to: DateOnly.Parse(to)), errors));
        Assert.Equal([field], errors.ToDictionary().Keys);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-5L)]
    [InlineData(10_000_000_000_001L)]
    public void A_deal_value_is_above_zero_and_bounded(long value)
    {
        var errors = new FieldErrors();
        Assert.Null(DealRules.Validate(Fields(value: value), errors));
        Assert.Equal(["valueVnd"], errors.ToDictionary().Keys);
    }

    [Fact]
    public void A_one_day_deal_is_valid_and_its_text_is_trimmed()
    {
        var errors = new FieldErrors();
        var clean = DealRules.Validate(Fields(from: new DateOnly(2025, 5, 1), to: new DateOnly(2025, 5,
            1)) with
        { Reference = "  PO-7 " }, errors);
        Assert.False(errors.Any);
        Assert.Equal("PO-7", clean!.Reference);
    }

    private static DealFields Fields(DateOnly? from = null, DateOnly? to = null, long value = 1_000_000) => new(
        null, null, "b1", DealKind.PurchaseOrder, value, from ?? new DateOnly(2025, 1, 1), to ?? new DateOnly(2025, 3,
            1),
        null, "PO-7");

    [Fact]
    public void Only_the_producer_addressed_answers_an_enquiry_and_only_once()
    {
        var enquiry = Enquiry();
        Assert.Equal(Refusal.NotYours, enquiry.AnswerBy(Buyer, EnquiryStatus.Answered, "ok", Now).Refusal);
        Assert.Equal(Refusal.NotYours, enquiry.AnswerBy(Producer with { ProducerId = "p2" }, EnquiryStatus.Answered,
            "ok", Now).Refusal);
        Assert.Equal("status", enquiry.AnswerBy(Producer, EnquiryStatus.Open, "ok", Now).Field);
        Assert.Equal("text", enquiry.AnswerBy(Producer, EnquiryStatus.Declined, null, Now).Field);
        var answered = enquiry.AnswerBy(Producer, EnquiryStatus.Answered, "Giá 300.000 đ", Now).Next!;
        Assert.Equal((EnquiryStatus.Answered, "Giá 300.000 đ", Now), (answered.Status, answered.Answer,
            answered.AnsweredAt));
        Assert.Equal(Refusal.Conflict, answered.AnswerBy(Producer, EnquiryStatus.Declined, "Không", Now).Refusal);
    }

    [Fact]
    public void A_registration_is_verified_or_rejected_with_a_reason_once_by_a_department()
    {
        var buyer = new Buyer("b1", "Siêu thị", BuyerKind.SupermarketChain, "0100109106", "Hà Nội", "Chị Mua",
            "mua@example.vn", null, BuyerStatus.Pending, null, Now, null);
        var department = new Caller(Role.Department, Province: "Hà Nội");
        Assert.Equal(Refusal.NotYours, buyer.DecideBy(Buyer, BuyerStatus.Verified, null, Now).Refusal);
        Assert.Equal("reason", buyer.DecideBy(department, BuyerStatus.Rejected, null, Now).Field);
        Assert.Equal("status", buyer.DecideBy(department, BuyerStatus.Pending, null, Now).Field);
        var verified = buyer.DecideBy(department, BuyerStatus.Verified, null, Now).Next!;
        Assert.Equal(BuyerStatus.Verified, verified.Status);
        Assert.Equal(Refusal.Conflict, verified.DecideBy(department, BuyerStatus.Rejected, "Trùng", Now).Refusal);
    }

    [Fact]
    public void A_producer_with_two_confirmed_deals_is_one_subject_in_linkage()
    {
        var deals = new[] { Deal(status: DealStatus.Confirmed), Deal(status: DealStatus.Confirmed, value: 50) };
        var report = LinkageFigures.Compute("Lai Châu", null, [], deals, ReportPeriod.Year(2025));
        Assert.Equal((1, 2, 150L), (report.SubjectsInLinkage, report.DealsConfirmed, report.ConfirmedValueVnd));
    }

    [Fact]
    public void Unconfirmed_and_disputed_deals_are_recorded_but_do_not_count()
    {
        var deals = new[] { Deal("p1"), Deal("p2", DealStatus.Disputed), Deal("p3", DealStatus.Confirmed) };
        var report = LinkageFigures.Compute("Lai Châu", null, [], deals, ReportPeriod.Year(2025));
        Assert.Equal((3, 1, 1, 1, 1), (report.DealsRecorded, report.DealsAwaitingConfirmation, report.DealsDisputed,
            report.DealsConfirmed, report.SubjectsInLinkage));
        Assert.Equal(["p3"], LinkageFigures.LinkedProducers(deals, ReportPeriod.Year(2025)));
    }

    [Theory]
    [InlineData("2024-07-01", "2025-01-01", true)] // its last day is the period's first
    [InlineData("2025-12-31", "2026-06-30", true)] // its first day is the period's last
    [InlineData("2024-01-01", "2024-12-31", false)]
    [InlineData("2026-01-01", "2026-03-31", false)]
    public void A_deal_counts_in_a_period_it_shares_a_day_with(string from, string to, bool counts)
    {
        var deal = Deal(status: DealStatus.Confirmed, from: from, to: to);
        Assert.Equal(counts ? 1 : 0, LinkageFigures.Compute(null, null, [], [deal],
            ReportPeriod.Year(2025)).SubjectsInLinkage);
    }

    [Fact]
    public void Enquiries_count_in_the_period_they_were_sent_in_Vietnam_time()
    {
        // 31 Dec 2024 at 18:00 UTC is already 1 January 2025 in Vietnam.
        var newYear = Enquiry(at: new DateTimeOffset(2024, 12, 31, 18, 0, 0, TimeSpan.Zero));
        var report = LinkageFigures.Compute(null, null, [newYear, Enquiry(EnquiryStatus.Answered)], [],
            ReportPeriod.Half(2025, 1));
        Assert.Equal((2, 1), (report.Enquiries, report.EnquiriesAnswered));
        Assert.Equal(0, LinkageFigures.Compute(null, null, [newYear], [], ReportPeriod.Year(2024)).Enquiries);
    }

    [Fact]
    public void Only_a_published_product_with_a_certificate_in_force_takes_enquiries()
    {
        var today = Listings.Today;
        var product = Listings.Published();
        Assert.True(Enquirable.Product(product, today));
        Assert.False(Enquirable.Product(Listings.Draft(), today));
        Assert.False(Enquirable.Product(Listings.Revoked(product), today));
        Assert.False(Enquirable.Product(product, today.AddYears(4)));
    }
}
