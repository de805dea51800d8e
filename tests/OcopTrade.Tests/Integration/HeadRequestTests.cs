using System.Net;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Integration;

/// <summary>Uptime and link checkers send HEAD: every GET answers it with the same status and headers, no body.
/// </summary>
[Collection(SharedAppCollection.Name)]
public sealed class HeadRequestTests(SharedApp shared)
{
    [Theory]
    [InlineData("/api/health", null)]
    [InlineData("/api/openapi.json", null)]
    [InlineData("/api/docs/", null)]
    [InlineData("/p/no-such-product", null)]
    [InlineData("/api/producers", OcopApp.AdminKey)]
    [InlineData("/api/producers", null)]
    public async Task A_HEAD_answers_as_its_GET_without_the_body(string path, string? key)
    {
        var client = shared.App.Client(key);
        var get = await client.GetAsync(path);
        var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));

        Assert.Equal(get.StatusCode, head.StatusCode);
        Assert.Equal(get.Content.Headers.ContentType?.ToString(), head.Content.Headers.ContentType?.ToString());
        Assert.Equal(get.Headers.CacheControl?.ToString(), head.Headers.CacheControl?.ToString());
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.NotEmpty(await get.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_method_no_function_serves_is_still_refused()
    {
        var response = await shared.App.Client(null).DeleteAsync("/api/health");
        Assert.True(response.StatusCode is HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotFound,
            $"DELETE /api/health answered {(int)response.StatusCode}");
    }
}
