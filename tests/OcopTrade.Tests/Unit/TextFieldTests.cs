using System.Text;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Tests.Unit;

/// <summary>The shared text check every text field goes through (<see cref="FieldErrors.Text"/>).</summary>
public class TextFieldTests
{
    // Code points, not strings: a lone surrogate in a test's name would trouble the test runner's own reporting.
    [Theory]
    [InlineData(0xFFFF)] // the finding: XML forbids it, the SVG label broke
    [InlineData(0xFFFE)]
    [InlineData(0xFDD0)]
    [InlineData(0xFDEF)]
    [InlineData(0x1FFFE)] // the last two code points of every plane are noncharacters
    [InlineData(0x10FFFF)]
    [InlineData(0xD800)] // an unpaired high surrogate
    [InlineData(0xDC00)] // an unpaired low surrogate
    [InlineData(0x0001)]
    [InlineData(0x0085)]
    public void Characters_that_are_not_text_are_refused_naming_the_field(int codePoint)
    {
        var character = codePoint <= 0xFFFF ? ((char)codePoint).ToString() : char.ConvertFromUtf32(codePoint);
        var errors = new FieldErrors();
        Assert.Null(errors.Text("name", "Chè " + character + " Tả Phìn", 200, multiline: true));
        Assert.True(errors.ToDictionary().ContainsKey("name"));
    }

    [Theory]
    [InlineData("Chè Shan Tuyết Tả Phìn")]
    [InlineData("Trà 🍵 thượng hạng")] // a surrogate pair is one character, and a fine one
    [InlineData("Mật ong \uFDCF \uFFFD \uFFFC")] // neighbours of the noncharacters are ordinary characters
    [InlineData("Dòng một\r\n\tDòng hai")]
    public void Ordinary_text_passes(string value)
    {
        var errors = new FieldErrors();
        Assert.Equal(value, errors.Text("description", value, 200, multiline: true));
        Assert.False(errors.Any);
    }

    [Theory]
    [InlineData(NormalizationForm.FormD)]
    [InlineData(NormalizationForm.FormKD)]
    [InlineData(NormalizationForm.FormKC)]
    public void Vietnamese_in_any_normalisation_form_comes_out_NFC(NormalizationForm form)
    {
        const string nfc = "Nước mắm Phú Quốc – Hợp tác xã Ưng Hòa";
        var errors = new FieldErrors();
        var text = errors.Text("name", nfc.Normalize(form), 200);
        Assert.False(errors.Any);
        Assert.Equal(nfc, text);
        Assert.True(text!.IsNormalized(NormalizationForm.FormC));
    }

    [Fact]
    public void Mixed_forms_in_one_field_come_out_NFC()
    {
        var mixed = "Chè " + "Shan Tuyết".Normalize(NormalizationForm.FormD) + " Tả Phìn";
        Assert.Equal("Chè Shan Tuyết Tả Phìn", new FieldErrors().Text("name", mixed, 200));
    }

    /// <summary>NFC, not NFKC: compatibility characters people type on purpose stay; text that arrives already
    /// compatibility-decomposed (NFKD) cannot be told apart from plain letters and is stored as it came.</summary>
    [Theory]
    [InlineData("Tinh dầu 250 m²", "Tinh dầu 250 m²")]
    [InlineData("Ｈộp quà", "Ｈộp quà")]
    [InlineData("Hộp quà", "Hộp quà")] // "Ｈộp quà" after NFKD
    public void Compatibility_characters_are_kept_as_sent(string sent, string stored) =>
        Assert.Equal(stored, new FieldErrors().Text("name", sent, 200));

    [Fact]
    public void Decomposed_marks_count_once_against_the_length()
    {
        var name = string.Concat(Enumerable.Repeat("ệ", 200)).Normalize(NormalizationForm.FormD);
        Assert.Equal(600, name.Length);
        Assert.NotNull(new FieldErrors().Text("name", name, 200));
    }
}
