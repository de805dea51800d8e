using System.Text.RegularExpressions;
using OcopTrade.Functions.Traceability;

namespace OcopTrade.Tests.Traceability;

public class TraceCodeTests
{
    private readonly TraceCode _codes = new("test key for trace codes"u8.ToArray());

    [Fact]
    public void A_new_code_verifies_and_prints_in_groups_without_look_alikes()
    {
        for (var i = 0; i < 200; i++)
        {
            var code = _codes.New();
            Assert.Equal(code, _codes.Verify(code));
            Assert.Matches(new Regex("^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{3}$"), TraceCode.Grouped(code));
        }
    }

    [Fact]
    public void Codes_typed_by_people_are_read_forgivingly()
    {
        var code = _codes.New();
        var typed = TraceCode.Grouped(code).ToLowerInvariant().Replace('0', 'o').Replace('1', 'l').Replace("-", " ");
        Assert.Equal(code, _codes.Verify(typed));
    }

    [Fact]
    public void A_changed_check_symbol_or_another_key_is_refused()
    {
        var code = _codes.New();
        foreach (var symbol in "0123456789ABCDEFGHJKMNPQRSTVWXYZ".Where(s => s != code[^1]))
            Assert.Null(_codes.Verify(code[..^1] + symbol));
    }

    [Fact]
    public void Codes_made_with_another_key_are_refused()
    {
        // A forged code passes the 15-bit check by chance once in 32 768; a hundred of them, at most once.
        var forger = new TraceCode("a forger's guess at the key"u8.ToArray());
        Assert.True(Enumerable.Range(0, 100).Count(_ => _codes.Verify(forger.New()) is not null) <= 1);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("7K3M-9Q2X")]
    [InlineData("7K3M-9Q2X-A1B2")]
    [InlineData("7K3M-9Q2X-A1U")] // U is not in the alphabet
    [InlineData("<script>alert(1)</script>")]
    [InlineData("7K3M-9Q2X-A1B-7K3M-9Q2X-A1B-7K3M-9Q2X-A1B-7K3M")]
    public void Malformed_codes_are_refused(string? typed) => Assert.Null(_codes.Verify(typed));
}
