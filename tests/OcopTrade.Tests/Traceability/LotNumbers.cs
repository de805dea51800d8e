using System.Text;

namespace OcopTrade.Tests.Traceability;

/// <summary>Lot numbers as producers type them, from a seeded generator (the same lots on every run): letters with
/// and without Vietnamese diacritics (NFC), digits, and the characters that trouble URIs — / space # % ? &amp; + . ~ "
/// and the percent-encoding look-alikes — 1 to 20 characters, never blank.</summary>
public static class LotNumbers
{
    private const string Alphabet =
        "ABCDEFGHKLMNPQRSTVXYabcdeghiklmnopqrstuvxy0123456789ăâđêôơưĂÂĐÊÔƠƯáàảãạấầẩẫậéèẻẽẹốồổỗộớờởỡợúùủũụứừửữựíìỉĩị"
        + "/ #%?&+.-_~\"'()*,:;<=>!";

    public static IEnumerable<string> Generate(int seed, int count)
    {
        var random = new Random(seed);
        for (var produced = 0; produced < count;)
        {
            var builder = new StringBuilder();
            var length = random.Next(1, 21);
            for (var i = 0; i < length; i++) builder.Append(Alphabet[random.Next(Alphabet.Length)]);
            var lot = builder.ToString().Trim().Normalize(NormalizationForm.FormC);
            if (lot.Length == 0 || lot is "." or "..") continue;
            produced++;
            yield return lot;
        }
    }
}
