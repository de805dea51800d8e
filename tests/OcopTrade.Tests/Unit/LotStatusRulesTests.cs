using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Products;
using OcopTrade.Functions.Traceability;

namespace OcopTrade.Tests.Unit;

/// <summary>Holds, recalls and their lifting, as rules of a lot's standing, without storage.</summary>
public class LotStatusRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 3, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 11, 30);
    private static readonly CertificateActor Producer = new(Role.Producer, "p1");
    private static readonly CertificateActor Department = new(Role.Department, "Lai Châu");

    private static LotStatus After(LotStatus status, LotAction action, CertificateActor actor) =>
        status.Apply(action, actor, "Kiểm tra vi sinh", Now).Status;

    [Fact]
    public void A_held_lot_can_be_recalled_but_a_recalled_lot_cannot_go_back_to_a_hold()
    {
        var held = After(LotStatus.OnSale, LotAction.Hold, Producer);
        Assert.Equal(LotState.Hold, held.State);
        Assert.False(held.Sellable);
        var recalled = held.Apply(LotAction.Recall, Department, "Vượt ngưỡng aflatoxin", Now);
        var entry = new LotStatusEntry(
            Now, LotAction.Recall, LotState.Hold, LotState.Recall, Department, "Vượt ngưỡng aflatoxin");
        Assert.Equal(entry, recalled.Entry);
        Assert.Equal(LotState.Recall, recalled.Status.State);
        var backToHold = recalled.Status.Apply(LotAction.Hold, Department, "Nhầm lẫn", Now);
        Assert.NotNull(backToHold.Conflict);
        Assert.Same(recalled.Status, backToHold.Status);
    }

    [Fact]
    public void Holding_a_held_lot_or_recalling_a_recalled_one_again_changes_nothing()
    {
        var held = After(LotStatus.OnSale, LotAction.Hold, Producer);
        Assert.True(held.Apply(LotAction.Hold, Producer, "Lặp lại yêu cầu", Now).Unchanged);
        var recalled = After(held, LotAction.Recall, Department);
        Assert.True(recalled.Apply(LotAction.Recall, Producer, "Lặp lại yêu cầu", Now).Unchanged);
    }

    [Fact]
    public void A_producer_lifts_its_own_hold_but_neither_a_recall_nor_the_departments_hold()
    {
        var ownHold = After(LotStatus.OnSale, LotAction.Hold, Producer);
        Assert.Equal(LotState.None, After(ownHold, LotAction.Release, Producer).State);
        var departmentsHold = After(LotStatus.OnSale, LotAction.Hold, Department);
        Assert.NotNull(departmentsHold.Apply(LotAction.Release, Producer, "Đã kiểm tra xong", Now).Forbidden);
        var ownRecall = After(LotStatus.OnSale, LotAction.Recall, Producer);
        Assert.NotNull(ownRecall.Apply(LotAction.Release, Producer, "Đã kiểm tra xong", Now).Forbidden);
    }

    [Fact]
    public void The_department_lifts_a_recall_and_the_lift_stays_on_the_lot()
    {
        var recalled = After(LotStatus.OnSale, LotAction.Recall, Producer);
        var lifted = recalled.Apply(LotAction.Release, Department, "Kết quả kiểm nghiệm đạt", Now.AddDays(2));
        Assert.Equal(LotState.None, lifted.Status.State);
        Assert.True(lifted.Status.Sellable);
        Assert.Equal(lifted.Entry, lifted.Status.Lifted);
        Assert.Equal(LotState.Recall, lifted.Entry!.From);
        Assert.Null(lifted.Status.Reason);
        // Held again later, the earlier lift is still known.
        Assert.Equal(lifted.Entry, After(lifted.Status, LotAction.Hold, Producer).Lifted);
    }

    [Fact]
    public void Lifting_a_lot_that_is_on_sale_is_refused()
    {
        var change = LotStatus.OnSale.Apply(LotAction.Release, Department, "Không có gì", Now);
        Assert.NotNull(change.Conflict);
        Assert.Null(change.Entry);
    }

    [Fact]
    public void A_product_is_withdrawn_only_when_a_lot_is_held_and_no_lot_is_left_to_sell()
    {
        var fresh = Today.AddMonths(6);
        var expired = Today.AddDays(-1);
        Assert.False(LotStatus.WithdrawsProduct([], Today));
        Assert.False(LotStatus.WithdrawsProduct([(LotState.None, expired)], Today));
        Assert.False(LotStatus.WithdrawsProduct([(LotState.Recall, fresh), (LotState.None, fresh)], Today));
        Assert.True(LotStatus.WithdrawsProduct([(LotState.Recall, fresh)], Today));
        Assert.True(LotStatus.WithdrawsProduct([(LotState.Hold, fresh), (LotState.None, expired)], Today));
        Assert.False(LotStatus.WithdrawsProduct([(LotState.Hold, fresh), (LotState.None, Today)], Today));
    }

    [Fact]
    public void A_reason_typed_with_decomposed_tone_marks_is_kept_as_NFC()
    {
        var errors = new FieldErrors();
        Assert.Equal("Kiểm tra nhãn", LotStatus.ValidReason("Kie\u0302\u0309m tra nha\u0303n", errors));
        Assert.Empty(errors.ToDictionary());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    [InlineData("Hỏng")]
    [InlineData("Kiểm tra \uFFFF")] // a noncharacter
    public void A_reason_must_be_real_Vietnamese_text_of_a_few_words(string? reason)
    {
        var errors = new FieldErrors();
        Assert.Null(LotStatus.ValidReason(reason, errors));
        Assert.True(errors.ToDictionary().ContainsKey("reason"));
    }

    [Fact]
    public void A_reason_is_kept_trimmed_and_bounded()
    {
        var errors = new FieldErrors();
        Assert.Equal("Phát hiện nấm mốc", LotStatus.ValidReason("  Phát hiện nấm mốc ", errors));
        Assert.Null(LotStatus.ValidReason(new string('a', LotStatus.MaxReasonLength + 1), errors));
    }
}
