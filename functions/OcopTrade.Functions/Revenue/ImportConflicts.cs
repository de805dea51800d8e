using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Revenue;

/// <summary>What writing an all-or-nothing import's rows would refuse, decided row by row against what each producer
/// has stored (read once, <see cref="RevenueStore.ConflictCheckAsync"/>) and what earlier rows of the file did, so the
/// file can be checked as it is read again instead of held.</summary>
public sealed class ImportConflicts(IReadOnlyDictionary<string, ProducerConflicts> producers)
{
    /// <summary>The row's problem, if writing it would be refused. Plain rows come first, then corrections, each
    /// in file order, as the import writes them.</summary>
    public ImportProblem? Check(int row, RevenueFields fields) => producers[fields.ProducerId!].Check(row, fields);
}

/// <summary><see cref="ImportConflicts"/> for one producer: its stored entries (fingerprint, whether replaced),
/// their months and amounts, and its month totals as the file's rows move them.</summary>
public sealed class ProducerConflicts(
    Dictionary<string, (string? Fingerprint, bool Replaced)> stored,
    Dictionary<string, (string Month, long Amount)> amounts, MonthTotals months)
{
    private readonly Dictionary<string, string> _inFile = new(StringComparer.Ordinal);

    public ImportProblem? Check(int row, RevenueFields f)
    {
        var fingerprint = Ids.Fingerprint(f);
        var earlier = _inFile.TryGetValue(f.Id!, out var e) ? e : stored.TryGetValue(f.Id!, out var s) ? s.Fingerprint : null;
        // A replay writes nothing, corrects nothing.
        if (earlier is not null)
            return earlier != fingerprint ? new(row, "id", RevenueStore.Reason(RecordOutcome.IdReused)) : null;
        _inFile[f.Id!] = fingerprint;
        if ((f.Replaces ?? f.Adjusts) is { } target && Correction(row, f, target) is { } refused) return refused;
        amounts[f.Id!] = (f.Month!, f.AmountVnd!.Value);
        return months.TryAdd(f.Month!, f.AmountVnd!.Value)
            ? null
            : new(row, "amountVnd", RevenueStore.Reason(RecordOutcome.OverMonthCap));
    }

    /// <summary>A correction's target must be stored or a plain row of the file, and not replaced; a replacement
    /// takes the replaced amount out of its month.</summary>
    private ImportProblem? Correction(int row, RevenueFields f, string target)
    {
        var field = f.Replaces is not null ? "replaces" : "adjusts";
        var missing = !stored.TryGetValue(target, out var found) && !_inFile.ContainsKey(target);
        if (missing || found.Replaced)
            return new(row, field, RevenueStore.Reason(missing ? RecordOutcome.TargetMissing : RecordOutcome.TargetAlreadyReplaced));
        if (f.Replaces is null) return null;
        stored[target] = (found.Fingerprint ?? _inFile[target], true);
        // The replaced amount leaves its month as the new one enters its own.
        return amounts.TryGetValue(target, out var old) && !months.TryAdd(old.Month, -old.Amount)
            ? new(row, "amountVnd", RevenueStore.Reason(RecordOutcome.OverMonthCap))
            : null;
    }
}
