namespace OcopTrade.Functions.Revenue;

/// <summary>A cell's address in A1 style ("K12"): column 1 is A; XFD, the last a workbook may have, is 16 384.
/// </summary>
public readonly record struct CellReference(int Column, int Row)
{
    /// <summary>"XFD1048576" into column and row; null for anything else. Letters and digits are capped (3 and 7, as
    /// in any workbook) so a crafted reference cannot overflow.</summary>
    public static CellReference? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        var letters = 0;
        while (letters < text.Length && char.IsAsciiLetter(text[letters])) letters++;
        var digits = text.Length - letters;
        if (letters is 0 or > 3 || digits is 0 or > 7) return null;
        var column = 0;
        foreach (var c in text.AsSpan(0, letters)) column = column * 26 + char.ToUpperInvariant(c) - 'A' + 1;
        return int.TryParse(text.AsSpan(letters), System.Globalization.NumberStyles.None, null, out var row) && row > 0
            ? new CellReference(column, row) : null;
    }

    /// <summary>1 is A, 26 Z, 27 AA.</summary>
    public static string ColumnName(int column)
    {
        var name = "";
        for (; column > 0; column = (column - 1) / 26) name = (char)('A' + (column - 1) % 26) + name;
        return name;
    }

    public override string ToString() => ColumnName(Column) + Row;
}
