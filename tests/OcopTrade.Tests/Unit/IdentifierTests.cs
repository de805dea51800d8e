using OcopTrade.Functions.Producers;
using OcopTrade.Functions.Products;

namespace OcopTrade.Tests.Unit;

public class IdentifierTests
{
    [Theory]
    [InlineData("8934567890120", true)] // EAN-13 with GS1 Vietnam's 893 prefix
    [InlineData("8934567890121", false)] // wrong check digit
    [InlineData("08934567890120", true)] // the same as GTIN-14
    [InlineData("96385074", true)] // GTIN-8
    [InlineData("036000291452", true)] // GTIN-12 (UPC-A)
    [InlineData("893456789012", false)] // 12 digits whose last is not the check digit
    [InlineData("89345678901a0", false)]
    [InlineData("", false)]
    [InlineData("123456789012345", false)]
    public void Gtin_check_digit(string gtin, bool valid) => Assert.Equal(valid, Gtin.IsValid(gtin));

    [Fact]
    public void Gtin14_pads_with_zeros() => Assert.Equal("08934567890120", Gtin.ToGtin14("8934567890120"));

    [Theory]
    [InlineData("0314409058", "0314409058")]
    [InlineData("0314409058-002", "0314409058-002")]
    [InlineData("0314409058002", "0314409058-002")]
    [InlineData(" 0314 409 058 ", "0314409058")]
    [InlineData("0100109106", "0100109106")] // Viettel Group
    [InlineData("001204012345", "001204012345")] // citizen id, used as a household business's tax code since 1/7/2025
    [InlineData("0314409059", null)] // wrong check digit
    [InlineData("0314409058-000", null)]
    [InlineData("999204012345", null)] // no province 999
    [InlineData("031440905", null)]
    [InlineData("abcdefghij", null)]
    public void Tax_code_format_and_check_digit(string input, string? expected) => Assert.Equal(expected, TaxCode.Normalize(input));

    [Theory]
    [InlineData("0912 345 678", "0912345678")]
    [InlineData("+84 912.345.678", "0912345678")]
    [InlineData("84912345678", "0912345678")]
    [InlineData("(086) 123-4567", "0861234567")]
    [InlineData("0212345678", null)] // landline prefix
    [InlineData("091234567", null)]
    [InlineData("01234567890", null)] // pre-2018 11-digit number
    public void Vietnamese_mobile_numbers(string input, string? expected) => Assert.Equal(expected, VietnamesePhone.Normalize(input));

    [Theory]
    [InlineData("Mật ong bạc hà Mèo Vạc", "mat-ong-bac-ha-meo-vac-abcdefghjkmn")]
    [InlineData("Đặc sản Đồng Tháp", "dac-san-dong-thap-abcdefghjkmn")]
    [InlineData("!!!", "abcdefghjkmn")]
    public void Slug_is_readable_ascii_and_ends_with_the_id(string name, string slug)
    {
        Assert.Equal(slug, Slug.For(name, "abcdefghjkmn"));
        Assert.Equal("abcdefghjkmn", Slug.IdOf(slug));
    }
}
