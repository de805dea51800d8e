using System.Text;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Unit;

/// <summary>The judge every test client answers to: it refuses what the document does not say.</summary>
public sealed class ApiContractTests
{
    private static readonly ApiContract Contract = new("""
        {"openapi":"3.1.1","paths":{
          "/api/things/{id}":{"get":{"responses":{
            "200":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Thing"}}}},
            "404":{"content":{"application/problem+json":{"schema":{"type":"object","required":["title"]}}}}}}},
          "/api/things/export.csv":{"get":{"responses":{"200":{"content":{"text/csv":{}}}}}}},
         "components":{"schemas":{"Thing":{"type":"object","required":["id"],
           "properties":{"id":{"type":"string"},"stars":{"type":"integer"}}}}}}
        """);

    private static IReadOnlyList<string> Judge(string path, int status, string mediaType, string body) =>
        Contract.Violations(Contract.OperationOf(HttpMethod.Get, path)!, status, mediaType, Encoding.UTF8.GetBytes(body));

    [Fact]
    public void An_answer_as_declared_passes()
    {
        Assert.Empty(Judge("/api/things/a1", 200, "application/json", """{"id":"a1","stars":3}"""));
        Assert.Empty(Judge("/api/things/a1", 404, "application/problem+json", """{"title":"Không tìm thấy"}"""));
    }

    [Fact]
    public void A_literal_path_wins_over_a_template_and_HEAD_is_judged_as_GET()
    {
        Assert.Equal("get /api/things/export.csv", Contract.OperationOf(HttpMethod.Get, "/api/things/export.csv"));
        Assert.Equal("get /api/things/{id}", Contract.OperationOf(HttpMethod.Head, "/api/things/x"));
        Assert.Null(Contract.OperationOf(HttpMethod.Get, "/portal/"));
        Assert.Null(Contract.OperationOf(HttpMethod.Delete, "/api/things/x"));
    }

    [Fact]
    public void An_undeclared_status_is_named()
    {
        var violation = Assert.Single(Judge("/api/things/a1", 409, "application/problem+json", "{}"));
        Assert.Contains("409", violation);
    }

    [Fact]
    public void An_undeclared_content_type_is_named()
    {
        var violation = Assert.Single(Judge("/api/things/a1", 404, "text/html", "<p>"));
        Assert.Contains("text/html", violation);
    }

    [Fact]
    public void A_body_its_schema_refuses_is_named_with_the_place()
    {
        Assert.Contains(Judge("/api/things/a1", 200, "application/json", """{"stars":"many"}"""),
            v => v.Contains("/stars"));
        Assert.NotEmpty(Judge("/api/things/a1", 200, "application/json", """{"stars":3}"""));
    }
}
