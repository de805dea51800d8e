using System.Collections;
using System.Globalization;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Producers;

namespace OcopTrade.Functions.Revenue;

/// <summary>A data row of an import with the number its report names it by: the header is row 1, blank lines are not
/// counted. The cells are only good until the next row is read (a reader may reuse them).</summary>
public readonly record struct NumberedRow(int Number, List<string> Cells);

/// <summary>A valid row as it is written: its number, its fields (NFC, as validated) and its producer's province.
/// </summary>
public sealed record ValidRow(int Row, RevenueFields Fields, string Province)
{
    /// <summary>A correction names an earlier entry, so it is written after every plain row of the file.</summary>
    public bool IsCorrection => Fields.Replaces is not null || Fields.Adjusts is not null;
}

/// <summary>Where each column of an import's header is; the first of a name counts (an upload refuses repeats).
/// </summary>
public sealed class ImportColumns
{
    private readonly Dictionary<string, int> _index;

    private ImportColumns(Dictionary<string, int> index) => _index = index;

    public static ImportColumns Of(List<string> header) => new(header.Select((h, i) => (Name: h.Trim(), i))
        .GroupBy(c => c.Name).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal));

    /// <summary>The cell's trimmed text, or null if the row has none there.</summary>
    public string? Cell(List<string> row, string column) =>
        _index.TryGetValue(column, out var i) && i < row.Count && row[i].Trim() is { Length: > 0 } v ? v : null;
}

/// <summary>
/// The first pass over a stored import: its header, how many rows follow, and the producers and products they name
/// (each looked up once before the rows are checked). A row is held only while it is read.
/// </summary>
public sealed record ImportSurvey(
    ImportColumns Columns, int Rows, IReadOnlySet<string> ProducerIds, IReadOnlySet<string> ProductIds)
{
    public static ImportSurvey Of(IEnumerable<List<string>> rows)
    {
        ImportColumns? columns = null;
        var count = 0;
        var producers = new HashSet<string>(StringComparer.Ordinal);
        var products = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (columns is null) { columns = ImportColumns.Of(row); continue; }
            count++;
            if (columns.Cell(row, "producerId") is { } producer) producers.Add(producer);
            if (columns.Cell(row, "productId") is { } product) products.Add(product);
        }
        return columns is null
            ? throw new ImportFileException("body", "The file is empty.")
            : new(columns, count, producers, products);
    }

    /// <summary>The data rows of a pass (the header left out), numbered as the report names them.</summary>
    public static IEnumerable<NumberedRow> Numbered(IEnumerable<List<string>> rows)
    {
        var number = 0;
        foreach (var row in rows)
            if (++number > 1) yield return new(number, row);
    }
}

/// <summary>Reads and checks one row of an import: its fields, the entry rules, and who may write for which producer
/// and product, as looked up for the file. Free of I/O; the same row always reads the same.</summary>
public sealed class ImportCheck(
    ImportColumns columns, IReadOnlyDictionary<string, Producer> visible, IReadOnlyDictionary<string, string> owners)
{
    /// <summary>The row as it would be written, or null with its problems in <paramref name="errors"/>.</summary>
    public ValidRow? Read(NumberedRow row, FieldErrors errors)
    {
        var fields = Parse(column => columns.Cell(row.Cells, column), errors);
        if (fields is not null) fields = RevenueRules.Validate(fields, errors);
        if (fields is null) return null;
        if (visible.GetValueOrDefault(fields.ProducerId!) is not { } producer)
            errors.Add("producerId", "No producer with that id is visible to you.");
        else if (fields.ProductId is { } productId && owners.GetValueOrDefault(productId) != producer.Id)
            errors.Add("productId", RevenueEndpoints.NotTheProducersProduct);
        else return new(row.Number, fields, producer.Province);
        return null;
    }

    private static RevenueFields? Parse(Func<string, string?> cell, FieldErrors errors)
    {
        SalesChannel? channel = null; Marketplace? marketplace = null; long? amount = null, quantity = null;
        if (cell("channel") is { } ch)
            channel = QueryValues.Enum<SalesChannel>("channel", ch, errors);
        if (cell("marketplace") is { } m)
            marketplace = QueryValues.Enum<Marketplace>("marketplace", m, errors);
        if (cell("amountVnd") is { } a)
        {
            if (long.TryParse(a, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)) amount = v;
            else errors.Add("amountVnd", "Whole VND without separators, e.g. 12500000.");
        }
        if (cell("quantity") is { } q)
        {
            if (long.TryParse(q, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)) quantity = v;
            else errors.Add("quantity", "A whole number.");
        }
        if (errors.Any) return null;
        return new RevenueFields(cell("id"), cell("producerId"), cell("productId"), channel, marketplace,
            cell("month"), amount, quantity, cell("replaces"), cell("adjusts"), cell("note"));
    }
}

/// <summary>
/// The second pass over a stored import: every row checked, its problems reported, and of the valid rows only what
/// the later passes need: which rows they are (a bit each), their producers, and how many are corrections. The later
/// passes read the file again and take the valid rows as <see cref="ValidRows"/> reads them.
/// </summary>
public sealed class ImportValidation
{
    private readonly BitArray _valid;
    private readonly ImportCheck _check;

    private ImportValidation(int rows, ImportCheck check) => (_valid, _check) = (new BitArray(rows + 2), check);

    public HashSet<string> Producers { get; } = new(StringComparer.Ordinal);
    public int Corrections { get; private set; }

    public static ImportValidation Of(IEnumerable<NumberedRow> rows, int count, ImportCheck check, ImportReport report)
    {
        var validation = new ImportValidation(count, check);
        foreach (var row in rows)
        {
            var errors = new FieldErrors();
            if (check.Read(row, errors) is { } valid) validation.Keep(valid);
            report.Add(row.Number, errors);
        }
        return validation;
    }

    private void Keep(ValidRow row)
    {
        _valid[row.Row] = true;
        Producers.Add(row.Fields.ProducerId!);
        if (row.IsCorrection) Corrections++;
    }

    /// <summary>The valid rows of another pass over the same file, read again as they come.</summary>
    public IEnumerable<ValidRow> ValidRows(IEnumerable<NumberedRow> rows)
    {
        foreach (var row in rows)
            if (row.Number < _valid.Length && _valid[row.Number] && _check.Read(row, new FieldErrors()) is { } valid)
                yield return valid;
    }
}

/// <summary>An import's problems as its status reports them: every rejected row counted, the first
/// <c>max</c> problems by row kept (the rest would never be shown), so a file of bad rows holds no more than that.
/// </summary>
public sealed class ImportReport(int max)
{
    private readonly HashSet<int> _rows = [];
    private List<ImportProblem> _kept = [];

    public bool Any => _rows.Count > 0;
    public int RejectedRows => _rows.Count;

    public void Add(ImportProblem problem)
    {
        _rows.Add(problem.Row);
        _kept.Add(problem);
        if (_kept.Count >= 2 * max) _kept = Reported();
    }

    public void Add(int row, FieldErrors errors)
    {
        if (!errors.Any) return;
        foreach (var (field, reasons) in errors.ToDictionary())
            foreach (var reason in reasons) Add(new ImportProblem(row, field, reason));
    }

    /// <summary>The problems shown, by row (a row's own in the order they were found).</summary>
    public List<ImportProblem> Reported() => [.. _kept.OrderBy(p => p.Row).Take(max)];
}

/// <summary>The province cells a written import moves, summed per producer, channel and month as its rows are
/// written, so the rows need not be kept until they are applied.</summary>
public sealed class ImportRollup
{
    private readonly Dictionary<(string Producer, string Province, SalesChannel Channel, string Month),
        (long Amount, long Quantity)> _sums = [];

    public void Add(string producerId, string province, RevenueFields f)
    {
        var key = (producerId, province, f.Channel!.Value, f.Month!);
        var (amount, quantity) = _sums.GetValueOrDefault(key);
        _sums[key] = (Money.Add(amount, f.AmountVnd!.Value), Money.Add(quantity, f.Quantity!.Value));
    }

    public IEnumerable<(string ProducerId, string Province, RollupDelta Delta)> Contributions =>
        _sums.Select(s => (s.Key.Producer, s.Key.Province,
            new RollupDelta(s.Key.Channel, s.Key.Month, s.Value.Amount, s.Value.Quantity)));
}
