namespace OcopTrade.Functions.Revenue;

/// <summary>How far an imported sheet may reach: the template's few columns (with room for a note beside them) and
/// the header plus the row limit. Checked against the sheet's declared extent before any row is read and against
/// every cell while reading, so one cell at XFD1048576 cannot make a reader walk 16 384 columns or a million rows.
/// </summary>
public sealed record SheetBounds(int Columns, int Rows)
{
    /// <summary>Why a cell is out of bounds, in words for the person who made the file; null inside.</summary>
    public string? Refusal(CellReference cell, string sheet)
    {
        if (cell.Column > Columns)
        {
            var last = CellReference.ColumnName(Columns);
            return $"Sheet '{sheet}' has a cell at {cell}, beyond column {last}: an import reads at most {Columns} "
                + $"columns. Delete the columns after {last}.";
        }
        if (cell.Row > Rows)
            return $"Sheet '{sheet}' reaches row {cell.Row}: an import reads at most {Rows - 1} rows after the header. "
                + "Split the file, or delete the empty rows at its end.";
        return null;
    }

    /// <summary>The sheet's declared extent ("A1:K250001", or one cell "A1"): its last cell must be inside.</summary>
    public string? RefusalOfExtent(string? dimension, string sheet)
    {
        var last = dimension?.Split(':')[^1];
        return CellReference.Parse(last) is { } corner ? Refusal(corner, sheet) : null;
    }
}
