using System.Globalization;

namespace OcopTrade.Functions.PublicPages;

/// <summary>Money and dates as Vietnamese readers expect them: "1.250.000 ₫", "05/03/2027". The separators are set
/// here rather than taken from the vi-VN culture so the output does not depend on the machine's ICU data.</summary>
public static class Vnd
{
    private static readonly NumberFormatInfo Grouping = new() { NumberGroupSeparator = ".", NumberDecimalSeparator = "," };

    public static string Format(long amount) => amount.ToString("#,0", Grouping) + " ₫";

    public static string Date(DateOnly date) => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
}
