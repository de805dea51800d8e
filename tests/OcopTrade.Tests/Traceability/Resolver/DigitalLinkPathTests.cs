using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Traceability.Resolver;

namespace OcopTrade.Tests.Traceability.Resolver;

/// <summary>Resolver standard 1.2.0, section 3: "SHALL extract and syntactically validate the URI and report errors
/// with an HTTP response code of 400" — here the syntax check on its own.</summary>
public class DigitalLinkPathTests
{
    private static (DigitalLinkPath? Path, FieldErrors Errors) Parse(params string[] segments)
    {
        var errors = new FieldErrors();
        return (DigitalLinkPath.Parse(segments, errors), errors);
    }

    [Theory]
    [InlineData(new[] { "08934567890120" }, "08934567890120", null, null)]
    [InlineData(new[] { "8934567890120", "10", "A/B" }, "08934567890120", "A/B", null)]
    [InlineData(new[] { "036000291452", "10", "L1", "21", "S-9" }, "00036000291452", "L1", "S-9")]
    [InlineData(new[] { "96385074", "10", "L1", "" }, "00000096385074", "L1", null)]
    public void A_valid_path_names_its_GTIN_14_lot_and_serial(
        string[] segments, string gtin, string? lot, string? serial)
    {
        var (path, errors) = Parse(segments);
        Assert.False(errors.Any);
        Assert.Equal(new DigitalLinkPath(gtin, lot, serial), path);
    }

    [Theory]
    [InlineData(new[] { "08934567890121" }, "gtin")]
    [InlineData(new[] { "893456789012" }, "gtin")]
    [InlineData(new[] { "08934567890abc" }, "gtin")]
    [InlineData(new[] { "08934567890120", "21", "S1", "10", "L1" }, "path")]
    [InlineData(new[] { "08934567890120", "foo" }, "path")]
    [InlineData(new[] { "08934567890120", "10" }, "path")]
    [InlineData(new[] { "08934567890120", "10", "L1", "10", "L2" }, "path")]
    [InlineData(new[] { "08934567890120", "10", "Lô 5" }, "lot")]
    [InlineData(new[] { "08934567890120", "10", "123456789012345678901" }, "lot")]
    [InlineData(new[] { "08934567890120", "10", "L1", "21", "S#1" }, "serial")]
    public void A_malformed_path_is_refused_naming_what_is_wrong(string[] segments, string field)
    {
        var (path, errors) = Parse(segments);
        Assert.Null(path);
        Assert.Contains(field, errors.ToDictionary().Keys);
    }

    [Fact]
    public void A_lot_as_typed_on_an_older_label_is_read_only_when_asked()
    {
        var errors = new FieldErrors();
        Assert.Equal("Lô 5", DigitalLinkPath.Parse(["08934567890120", "10", "Lô 5"], errors, lotAsTyped: true)?.Lot);
        Assert.False(errors.Any);
    }
}
