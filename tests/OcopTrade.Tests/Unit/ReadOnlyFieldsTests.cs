using System.Text.Json;
using System.Text.Json.Nodes;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Products;

namespace OcopTrade.Tests.Unit;

/// <summary>The rule that lets a GET body go back as a PUT (<see cref="ReadOnlyFields"/>).</summary>
public class ReadOnlyFieldsTests
{
    private static JsonObject Strip(string body, string stored, FieldErrors errors)
    {
        var node = JsonNode.Parse(body)!.AsObject();
        ReadOnlyFields.Strip(node, JsonNode.Parse(stored), Functions.Platform.Json.Options.GetTypeInfo(typeof(ProductFields)), errors);
        return node;
    }

    [Fact]
    public void Read_only_members_as_stored_are_dropped_and_writable_ones_kept()
    {
        var errors = new FieldErrors();
        var left = Strip("""{"id":"p1","status":"draft","name":"Che","certificate":{"number":"1","state":"valid"}}""",
            """{"id":"p1","status":"draft","name":"Trà","certificate":{"number":"2","state":"valid"}}""", errors);
        Assert.False(errors.Any);
        Assert.Equal("""{"name":"Che","certificate":{"number":"1"}}""", left.ToJsonString());
    }

    [Fact]
    public void A_changed_read_only_member_is_named_with_its_path()
    {
        var errors = new FieldErrors();
        Strip("""{"id":"p2","certificate":{"validUntil":"2099-01-01"}}""",
            """{"id":"p1","certificate":{"validUntil":"2028-06-15"}}""", errors);
        Assert.Equal(["certificate.validUntil", "id"], errors.ToDictionary().Keys.Order());
    }

    [Fact]
    public void Unknown_members_are_left_for_the_reader_to_refuse()
    {
        var errors = new FieldErrors();
        var left = Strip("""{"colour":"xanh"}""", """{"id":"p1"}""", errors);
        Assert.False(errors.Any);
        Assert.True(left.ContainsKey("colour"));
    }

    [Theory]
    [InlineData("\"Chè\"", "\"Che\u0300\"")]
    [InlineData("\"2026-11-30T02:00:00+00:00\"", "\"2026-11-30T09:00:00+07:00\"")]
    [InlineData("1", "1.0")]
    [InlineData("null", null)]
    [InlineData("{\"a\":1,\"b\":null}", "{\"a\":1}")]
    public void The_same_data_in_another_spelling_is_the_same(string a, string? b) =>
        Assert.True(ReadOnlyFields.Same(JsonNode.Parse(a), b is null ? null : JsonNode.Parse(b)));

    [Theory]
    [InlineData("\"Chè\"", "\"Chê\"")]
    [InlineData("\"2026-11-30T02:00:00+00:00\"", "\"2026-11-30T02:00:01+00:00\"")]
    [InlineData("[1,2]", "[2,1]")]
    [InlineData("1", "\"1\"")]
    public void Different_data_is_different(string a, string b) =>
        Assert.False(ReadOnlyFields.Same(JsonNode.Parse(a), JsonNode.Parse(b)));
}
