using OcopTrade.Functions.Traceability;

namespace OcopTrade.Tests.Traceability;

public class Gs1LotTests
{
    [Theory]
    [InlineData("L2026-11A", "L2026-11A", "L2026-11A")]
    [InlineData("A/B", "A/B", "A%2FB")]
    [InlineData("Lô 5 #2 50%", "Lo-5-2-50%", "Lo-5-2-50%25")]
    [InlineData("Đợt 1 & 2?", "Dot-1-&-2?", "Dot-1-%26-2%3F")]
    [InlineData("a+b ~\"c\"", "a+b-c-", "a%2Bb-c-")]
    [InlineData("Mẻ ủ tháng 10 năm 2026", "Me-u-thang-10-nam-20", "Me-u-thang-10-nam-20")]
    public void A_typed_lot_takes_its_GS1_form_and_path_segment(string typed, string gs1, string segment)
    {
        Assert.Equal(gs1, Gs1Lot.Of(typed));
        Assert.True(Gs1Lot.IsValid(gs1));
        Assert.Equal(segment, Gs1Lot.PathSegment(gs1));
    }

    [Fact]
    public void Every_generated_lot_has_a_GS1_form_in_character_set_82_that_names_it()
    {
        foreach (var lot in LotNumbers.Generate(seed: 17, count: 500))
        {
            var gs1 = Gs1Lot.Of(lot);
            Assert.True(Gs1Lot.IsValid(gs1), $"{lot} → {gs1}");
            Assert.True(Gs1Lot.Names(gs1, lot));
            Assert.Equal(gs1, Uri.UnescapeDataString(Gs1Lot.PathSegment(gs1)));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("A B")]
    [InlineData("Lô")]
    [InlineData("A#B")]
    [InlineData("123456789012345678901")]
    public void A_value_outside_set_82_or_longer_than_20_is_not_an_AI_10_value(string value) =>
        Assert.False(Gs1Lot.IsValid(value));

    [Fact]
    public void A_lot_read_back_as_typed_from_an_older_label_still_names_its_batch()
    {
        Assert.True(Gs1Lot.Names("Lô 5 #2", "Lô 5 #2"));
        Assert.True(Gs1Lot.Names("Lo-5-2", "Lô 5 #2"));
        Assert.False(Gs1Lot.Names("Lo-5-3", "Lô 5 #2"));
    }
}
