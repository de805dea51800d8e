namespace OcopTrade.Functions.Products;

/// <summary>GS1 trade item numbers (GTIN-8, -12, -13, -14) with their mod-10 check digit.</summary>
public static class Gtin
{
    public static bool IsValid(string? value) =>
        value is { Length: 8 or 12 or 13 or 14 } && value.All(char.IsAsciiDigit) && CheckDigit(value.AsSpan(0, value.Length - 1)) == value[^1] - '0';

    /// <summary>The check digit for the digits before it: weights 3,1,3,… from the right.</summary>
    public static int CheckDigit(ReadOnlySpan<char> body)
    {
        var sum = 0;
        for (var i = 0; i < body.Length; i++)
            sum += (body[body.Length - 1 - i] - '0') * (i % 2 == 0 ? 3 : 1);
        return (10 - sum % 10) % 10;
    }

    /// <summary>GS1 Digital Link always carries 14 digits.</summary>
    public static string ToGtin14(string gtin) => gtin.PadLeft(14, '0');
}
