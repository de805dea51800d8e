using OcopTrade.Functions.PublicPages;

namespace OcopTrade.Tests.Unit;

public class MoneyTests
{
    [Theory]
    [InlineData(1_250_000, "1.250.000 ₫")]
    [InlineData(0, "0 ₫")]
    [InlineData(999, "999 ₫")]
    [InlineData(10_000_000_000, "10.000.000.000 ₫")]
    public void Vnd_is_whole_dong_with_dots(long amount, string shown) => Assert.Equal(shown, Vnd.Format(amount));
}
