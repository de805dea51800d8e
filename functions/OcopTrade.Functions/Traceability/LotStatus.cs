using OcopTrade.Functions.Access;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Products;

namespace OcopTrade.Functions.Traceability;

/// <summary>Where a lot stands: on sale, held (kept off sale while something is checked), or recalled (taken back
/// from the market). A recall is stronger than a hold: a held lot can be recalled, a recalled lot cannot go back
/// to a mere hold.</summary>
public enum LotState { None, Hold, Recall }

/// <summary>What someone does to a lot's standing; <see cref="Release"/> lifts a hold or a recall.</summary>
public enum LotAction { Hold, Recall, Release }

/// <summary>One line of a lot's history: who did what, when, and why. Lines are only ever added.</summary>
public sealed record LotStatusEntry(
    DateTimeOffset At, LotAction Action, LotState From, LotState To, CertificateActor Actor, string Reason);

/// <summary>What a change came to: the new standing and its history line; unchanged when the lot already stood so
/// (a repeated request); or the refusal (<see cref="Conflict"/>: the lot's state forbids it; <see cref="Forbidden"/>:
/// this caller may not lift it).</summary>
public sealed record LotChange(
    LotStatus Status, LotStatusEntry? Entry, string? Conflict = null, string? Forbidden = null)
{
    public bool Unchanged => Entry is null && Conflict is null && Forbidden is null;
}

/// <summary>A lot's current standing. <see cref="Since"/>, <see cref="Reason"/> and <see cref="By"/> describe the
/// hold or recall in force; <see cref="Lifted"/> the last lift, kept after it so a shopper's app can tell a lot that
/// was cleared from one that never had a problem.</summary>
public sealed record LotStatus(
    LotState State, string? Reason = null, DateTimeOffset? Since = null, CertificateActor? By = null,
    LotStatusEntry? Lifted = null)
{
    public const int MaxReasonLength = 500;
    public const int MinReasonLength = 5;

    public static readonly LotStatus OnSale = new(LotState.None);

    /// <summary>Whether a lot in this standing may be sold.</summary>
    public bool Sellable => State == LotState.None;

    /// <summary>Applies an action. Holding a held lot or recalling a recalled one changes nothing (a retry). A recalled
    /// lot cannot be put on hold. A producer may lift only a hold it placed itself; a recall, and a hold the
    /// department placed, are lifted by the department of the producer's province (or an administrator), because
    /// putting a recalled lot back on sale is the authority's call, made with a reason that stays in the
    /// history.</summary>
    public LotChange Apply(LotAction action, CertificateActor actor, string reason, DateTimeOffset at)
    {
        var target = action switch
        {
            LotAction.Hold => LotState.Hold,
            LotAction.Recall => LotState.Recall,
            _ => LotState.None,
        };
        if (action != LotAction.Release && State == target) return new LotChange(this, null);
        if (action == LotAction.Hold && State == LotState.Recall)
            return new LotChange(this, null, Conflict: "The lot is recalled; a recall is stronger than a hold.");
        if (action == LotAction.Release && State == LotState.None)
            return new LotChange(this, null,
                Conflict: "The lot is neither held nor recalled; there is nothing to lift.");
        if (action == LotAction.Release && !MayLift(actor))
            return new LotChange(this, null, Forbidden: State == LotState.Recall
                ? "Only the department of the producer's province lifts a recall."
                : "This hold was placed by the department; only the department lifts it.");

        var entry = new LotStatusEntry(at, action, State, target, actor, reason);
        var next = action == LotAction.Release
            ? new LotStatus(LotState.None, Lifted: entry)
            : new LotStatus(target, reason, at, actor, Lifted);
        return new LotChange(next, entry);
    }

    private bool MayLift(CertificateActor actor) => actor.Role switch
    {
        Role.Admin or Role.Department => true,
        Role.Producer => State == LotState.Hold && By?.Role == Role.Producer,
        _ => false,
    };

    /// <summary>The reason as people type it: required, NFC, 5 to 500 characters, one paragraph or several.</summary>
    public static string? ValidReason(string? reason, FieldErrors errors)
    {
        var text = errors.Text("reason", reason, MaxReasonLength, required: true, multiline: true);
        if (text is not null && text.Length < MinReasonLength)
        {
            errors.Add("reason", $"Say why in at least {MinReasonLength} characters (Vietnamese is fine).");
            return null;
        }
        return text;
    }

    /// <summary>Whether a product's marketplace listings come down because of its lots: when at least one lot is held
    /// or recalled and no lot is left to sell (each is held, recalled or past its best-before). A product without
    /// lots, or whose lots merely expired, is left to the listing's other rules.</summary>
    public static bool WithdrawsProduct(IEnumerable<(LotState State, DateOnly BestBefore)> lots, DateOnly today)
    {
        var all = lots.ToList();
        return all.Any(l => l.State != LotState.None)
            && !all.Any(l => l.State == LotState.None && l.BestBefore >= today);
    }

    /// <summary>The Vietnamese words a shopper and a till read.</summary>
    public string? Notice => State switch
    {
        LotState.Recall => "Lô hàng này đã bị thu hồi. Không sử dụng, không bán.",
        LotState.Hold => "Lô hàng này đang bị tạm dừng lưu thông để kiểm tra. Không bán cho đến khi có thông báo mới.",
        _ => null,
    };
}
