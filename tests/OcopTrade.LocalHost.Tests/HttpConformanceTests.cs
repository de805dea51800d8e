using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using OcopTrade.LocalHost.Tests.Support;
using OcopTrade.Tests.Support;

namespace OcopTrade.LocalHost.Tests;

[Collection(StorageCollection.Name)]
public sealed class HttpConformanceTests(StorageFixture storage) : IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = new TestApp(storage.Azurite);
        await _app.StartHostAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    // Learn, "Azure Functions HTTP trigger": "The route template ... can use route parameter constraints"
    // (ASP.NET Core routing syntax such as {id:int}); routePrefix "" serves routes at the root.
    [Fact]
    public async Task A_route_constraint_decides_which_function_answers_at_the_root_of_the_site()
    {
        var byId = await _app.Http.GetFromJsonAsync<JsonObject>("/items/42");
        var byName = await _app.Http.GetFromJsonAsync<JsonObject>("/items/tea");

        Assert.Equal("ItemById", byId!["function"]!.GetValue<string>());
        Assert.Equal(42, byId["id"]!.GetValue<int>());
        Assert.Equal("ItemByName", byName!["function"]!.GetValue<string>());
        Assert.Equal("tea", byName["name"]!.GetValue<string>());
    }

    // Learn, "Azure Functions HTTP trigger": "methods: An array of the HTTP methods to which the function
    // responds"; a path no function's route matches is not found.
    [Theory]
    [InlineData("GET", "/nothing/here", 404)]
    [InlineData("GET", "/items/12ab", 404)]
    [InlineData("DELETE", "/items/42", 405)]
    [InlineData("GET", "/upload", 405)]
    public async Task An_unknown_route_or_a_method_the_function_does_not_take_is_answered_as_problem_details(
        string method, string path, int status)
    {
        using var response = await _app.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(status, problem!["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_method_the_function_takes_reaches_it_whichever_of_its_methods_is_used()
    {
        using var response = await _app.Http.PostAsync("/items/tea", content: null);

        response.EnsureSuccessStatusCode();
        Assert.Equal("POST", (await response.Content.ReadFromJsonAsync<JsonObject>())!["method"]!.GetValue<string>());
    }

    // Learn, "Use ASP.NET Core integration" (isolated worker): "HTTP requests and responses ... are streamed",
    // so a 25 MB photo upload reaches the function as it arrives, not buffered whole by the host.
    [Fact]
    public async Task A_large_upload_is_streamed_through_to_the_function_byte_for_byte()
    {
        var body = new byte[25 * 1024 * 1024];
        Random.Shared.NextBytes(body);
        using var content = new StreamContent(new MemoryStream(body));

        using var response = await _app.Http.PostAsync("/upload", content);

        response.EnsureSuccessStatusCode();
        var echo = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(body.Length, echo!["length"]!.GetValue<long>());
        Assert.Equal(Convert.ToHexString(SHA256.HashData(body)), echo["sha256"]!.GetValue<string>());
    }

    // Learn, "Azure Functions reliable event processing"/host behaviour: the host restarts a language worker that
    // exits; a request in flight when it dies is answered (503 with Retry-After) rather than left hanging.
    [Fact]
    public async Task A_request_in_flight_when_the_worker_dies_gets_a_503_to_retry_and_a_new_worker_takes_over()
    {
        var before = (await _app.Http.GetFromJsonAsync<JsonObject>("/pid"))!["pid"]!.GetValue<int>();

        using var response = await _app.Http.PostAsync("/die", content: null);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.RetryAfter);
        var after = await Eventually.HoldsAsync(async () =>
        {
            using var pid = await _app.Http.GetAsync("/pid");
            return pid.IsSuccessStatusCode
                ? (await pid.Content.ReadFromJsonAsync<JsonObject>())!["pid"]!.GetValue<int>() : 0;
        }, pid => pid != 0, TimeSpan.FromSeconds(60), "a restarted worker answers");
        Assert.NotEqual(before, after);
    }

    // Same statement: the host hands the body on as it arrives. The client sends the first megabyte and holds
    // the rest until the function has seen those first bytes; a host that buffered the body whole would wait forever.
    [Fact]
    public async Task The_function_reads_the_start_of_an_upload_before_the_client_has_sent_the_rest()
    {
        var signal = Guid.NewGuid().ToString("N");
        var first = new byte[1024 * 1024];
        var rest = new byte[24 * 1024 * 1024];
        using var content = new HeldBackContent(first, rest, () => Eventually.HoldsAsync(
            () => _app.RecordsOfAsync("UploadStarted"), r => r.Any(e => e.RowKey.StartsWith(signal)),
            TimeSpan.FromSeconds(30), "the function has read the first bytes"));

        using var response = await _app.Http.PostAsync($"/upload?signal={signal}", content);

        response.EnsureSuccessStatusCode();
        var echo = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(first.Length + rest.Length, echo!["length"]!.GetValue<long>());
    }

    // The host answers for itself while no worker is ready ("worker not ready"): a 503 problem with Retry-After
    // after a bounded wait, never a hang; here the worker's process cannot start at all.
    [Fact]
    public async Task A_request_while_no_worker_is_ready_gets_a_503_problem_with_Retry_After()
    {
        var broken = Directory.CreateTempSubdirectory("ocop-broken-worker-").FullName;
        File.Copy(Path.Combine(TestApp.WorkerDirectory, "functions.metadata"),
            Path.Combine(broken, "functions.metadata"));
        File.WriteAllText(Path.Combine(broken, "worker.config.json"),
            """{"description":{"defaultExecutablePath":"dotnet","defaultWorkerPath":"Missing.dll"}}""");
        try
        {
            await using var host = await LocalFunctionsHost.StartAsync(new LocalHostOptions
            {
                AppDirectory = broken, HostJsonPath = Path.Combine(TestApp.WorkerDirectory, "host.json"),
                HttpPort = Azurite.FreePort(), Settings = _app.Settings, HostId = "broken",
                WorkerReadyTimeout = TimeSpan.FromSeconds(2),
            });
            using var client = new HttpClient { BaseAddress = host.HttpUri };

            using var response = await client.GetAsync("/items/42");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(response.Headers.RetryAfter);
        }
        finally { Directory.Delete(broken, recursive: true); }
    }

    // Learn, "Configure an App Service app": "In App Service, TLS termination happens at the network load
    // balancers ... the client IP address is in the X-Forwarded-For header"; the isolated worker's ASP.NET Core
    // integration believes its host's X-Forwarded-For, so the host passes on what the front end appended.
    [Fact]
    public async Task The_worker_sees_the_callers_own_address_and_not_one_the_caller_made_up()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/echo/x");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        using var response = await _app.Http.SendAsync(request);
        var seen = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal("127.0.0.1", seen!["remote"]!.GetValue<string>());
        Assert.Equal(_app.Http.BaseAddress!.Authority, seen["host"]!.GetValue<string>());
    }

    // Learn, "Azure Functions HTTP trigger" (route parameters): the request reaches the function as the client sent
    // it; an encoded slash inside one segment stays inside that segment.
    [Fact]
    public async Task An_encoded_slash_in_a_segment_reaches_the_worker_as_it_was_sent()
    {
        var seen = await _app.Http.GetFromJsonAsync<JsonObject>("/echo/A%2FB");

        Assert.Equal("/echo/A%2FB", seen!["target"]!.GetValue<string>());
    }
}
