using Microsoft.AspNetCore.Authorization;
using OcopTrade.Functions.Platform.Contract;

namespace OcopTrade.Tests.Unit;

/// <summary>The statuses the document lists for an operation follow from what its endpoint declares.</summary>
public sealed class ApiAnswersTests
{
    private static SortedSet<int> Answers(object[] metadata, string route, bool parameters = false,
        bool body = false) => ApiAnswers.Of(ApiAnswers.Shape(metadata, route, parameters, body));

    [Fact]
    public void Every_operation_may_be_throttled_fail_or_find_storage_down()
    {
        Assert.Equal([429, 500, 503], Answers([], "api/health"));
    }

    [Fact]
    public void An_operation_that_needs_a_caller_answers_401_and_403_and_an_anonymous_one_does_not()
    {
        Assert.Superset(new SortedSet<int> { 401, 403 }, Answers([new AuthorizeAttribute()], "api/keys"));
        Assert.DoesNotContain(401, Answers([new AuthorizeAttribute(), new AllowAnonymousAttribute()], "api/keys"));
    }

    [Fact]
    public void A_body_may_be_invalid_too_large_or_of_the_wrong_type_and_an_anonymous_one_too_slow()
    {
        var withKey = Answers([new AuthorizeAttribute()], "api/products", body: true);
        Assert.Superset(new SortedSet<int> { 400, 413, 415 }, withKey);
        Assert.DoesNotContain(408, withKey);
        Assert.Contains(408, Answers([], "api/sign-in", body: true));
    }

    [Fact]
    public void A_route_value_may_name_nothing_and_an_If_Match_may_be_missing_or_stale()
    {
        var plain = Answers([], "api/products/{id}");
        Assert.Superset(new SortedSet<int> { 400, 404 }, plain);
        Assert.DoesNotContain(412, plain);
        Assert.Superset(new SortedSet<int> { 412, 428 }, Answers([new ConditionalWrites.IfMatchRequired()], "api/x/{id}"));
    }

    [Fact]
    public void An_id_a_caller_names_in_the_query_or_body_may_not_be_visible_to_it()
    {
        Assert.Contains(404, Answers([new AuthorizeAttribute()], "api/reports/growth", parameters: true));
        Assert.Contains(404, Answers([new AuthorizeAttribute()], "api/revenue", body: true));
        Assert.DoesNotContain(404, Answers([new AuthorizeAttribute()], "api/sales/held"));
    }

    [Fact]
    public void A_query_parameter_may_be_malformed()
    {
        Assert.Contains(400, Answers([], "api/products", parameters: true));
        Assert.DoesNotContain(404, Answers([], "api/products", parameters: true));
    }
}
