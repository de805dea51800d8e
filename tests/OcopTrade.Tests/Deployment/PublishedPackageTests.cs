using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Deployment;

/// <summary>Publishes the zip-deploy package and starts its executable exactly as the Azure Functions host does
/// (working directory = app root, FUNCTIONS_CUSTOMHANDLER_PORT), then speaks the host's protocol to it.</summary>
public class PublishedPackageTests : IAsyncLifetime
{
    /// <summary>A valid trigger payload for every queue and timer function; a new function needs one here.</summary>
    private static readonly Dictionary<string, JsonNode> SampleTriggerData = new()
    {
        ["SuspendLapsedListing"] = JsonValue.Create("""{"productId":"nosuchprodct"}""")!,
        ["ProcessRevenueImport"] = JsonValue.Create("""{"importId":"nosuchimport"}""")!,
        ["ProcessImage"] = JsonValue.Create("""{"productId":"nosuchprodct","imageId":"nosuchimage1"}""")!,
        ["SyndicateVoso"] = JsonValue.Create("""{"productId":"nosuchprodct","channel":"voso","action":"publish","version":"1","origin":"producer"}""")!,
        ["SyndicatePostmart"] = JsonValue.Create("""{"productId":"nosuchprodct","channel":"postmart","action":"publish","version":"1","origin":"producer"}""")!,
        ["SyndicateShopee"] = JsonValue.Create("""{"productId":"nosuchprodct","channel":"shopee","action":"delist","version":"1","origin":"lifecycle"}""")!,
        ["ResyncListings"] = JsonValue.Create("""{"productId":"nosuchprodct"}""")!,
        ["SyndicationSweep"] = JsonNode.Parse("""{"Schedule":{"AdjustForDST":true},"ScheduleStatus":null,"IsPastDue":false}""")!,
        ["ReprocessImages"] = JsonValue.Create("""{"jobId":"nosuchjob123"}""")!,
        ["CertificateExpirySweep"] = JsonNode.Parse("""{"Schedule":{"AdjustForDST":true},"ScheduleStatus":null,"IsPastDue":false}""")!,
        ["CertificateWatch"] = JsonNode.Parse("""{"Schedule":{"AdjustForDST":true},"ScheduleStatus":null,"IsPastDue":false}""")!,
    };

    private Azurite? _storage;
    private Process? _app;
    private readonly HttpClient _http = new();
    private string AppRoot => Repository.Path("artifacts", "app");

    public async Task InitializeAsync()
    {
        _storage = await Azurite.StartAsync();
        var package = await Command.RunAsync(Repository.Path("scripts", "package.sh"), [], timeout: TimeSpan.FromMinutes(8));
        Assert.True(package.ExitCode == 0, package.Output + package.Error);

        var port = Azurite.FreePort();
        var start = new ProcessStartInfo(Path.Combine(AppRoot, "OcopTrade.Functions"))
        {
            WorkingDirectory = AppRoot, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
            Environment =
            {
                ["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(),
                ["FUNCTIONS_WORKER_RUNTIME"] = "custom",
                ["AzureWebJobsStorage"] = _storage.ConnectionString,
                ["Ocop__AdminApiKey"] = OcopApp.AdminKey,
            },
        };
        _app = Process.Start(start)!;
        _app.OutputDataReceived += (_, _) => { };
        _app.ErrorDataReceived += (_, _) => { };
        _app.BeginOutputReadLine();
        _app.BeginErrorReadLine();
        _http.BaseAddress = new Uri($"http://127.0.0.1:{port}");
        await Eventually.HoldsAsync(async () =>
        {
            try { return (await _http.GetAsync("/api/health")).StatusCode; }
            catch (HttpRequestException) { return HttpStatusCode.ServiceUnavailable; }
        }, s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(60), "the published app to start");
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (_app is { HasExited: false }) { _app.Kill(entireProcessTree: true); await _app.WaitForExitAsync(); }
            _app?.Dispose();
            _http.Dispose();
        }
        finally { if (_storage is not null) await _storage.DisposeAsync(); }
    }

    [Fact]
    public void The_zip_holds_host_json_every_function_json_and_the_executable()
    {
        using var zip = ZipFile.OpenRead(Repository.Path("artifacts", "ocoptrade-functions.zip"));
        var entries = zip.Entries.Select(e => e.FullName.Replace('\\', '/')).ToHashSet();
        Assert.Contains("host.json", entries);
        Assert.Contains("OcopTrade.Functions", entries);
        foreach (var folder in Directory.EnumerateDirectories(Repository.Path("functions", "bindings")))
            Assert.Contains($"{Path.GetFileName(folder)}/function.json", entries);
    }

    [Fact]
    public async Task The_published_app_carries_the_portal_scripts_and_the_qr_decoder()
    {
        var signIn = await _http.GetStringAsync("/portal/sign-in");
        Assert.Contains("Khóa truy cập", signIn);
        foreach (var asset in new[] { "portal.js", "portal.css", "scan.js", "jsQR.js" })
            Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/portal/assets/" + asset)).StatusCode);
    }

    [Fact]
    public async Task Every_queue_and_timer_function_answers_a_host_shaped_invocation()
    {
        var invoked = 0;
        foreach (var file in Directory.EnumerateFiles(AppRoot, "function.json", SearchOption.AllDirectories))
        {
            var name = Path.GetFileName(Path.GetDirectoryName(file))!;
            var trigger = JsonNode.Parse(File.ReadAllText(file))!["bindings"]![0]!;
            if (trigger["type"]!.GetValue<string>() == "httpTrigger") continue;
            Assert.True(SampleTriggerData.ContainsKey(name), $"Add a sample trigger payload for {name} to this test.");
            var body = new JsonObject
            {
                ["Data"] = new JsonObject { [trigger["name"]!.GetValue<string>()] = SampleTriggerData[name].DeepClone() },
                ["Metadata"] = new JsonObject
                {
                    ["DequeueCount"] = 1,
                    ["sys"] = new JsonObject { ["MethodName"] = name, ["UtcNow"] = DateTime.UtcNow.ToString("O"), ["RandGuid"] = Guid.NewGuid().ToString() },
                },
            };
            var answer = await (await _http.PostAsync("/" + name, Api.JsonBody(body))).ExpectAsync(HttpStatusCode.OK);
            Assert.True(answer.ContainsKey("Outputs") && answer.ContainsKey("Logs") && answer.ContainsKey("ReturnValue"), answer.ToJsonString());
            invoked++;
        }
        Assert.Equal(SampleTriggerData.Count, invoked);
    }

    [Fact]
    public async Task Forwarded_http_requests_are_served_and_the_local_runtime_stays_off()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/producers") { Content = Api.JsonBody(Api.Producer()) };
        request.Headers.Add("x-api-key", OcopApp.AdminKey);
        await (await _http.SendAsync(request)).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/p/khong-co-san-pham-abcdefghjkmn")).StatusCode);

        // Under the Functions host the triggers are the host's job: a queued message stays for it.
        var queue = new QueueClient(_storage!.ConnectionString, "certificate-lapses", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync("""{"productId":"nosuchprodct"}""");
        await Eventually.StaysAsync(async () => (await queue.PeekMessagesAsync(10)).Value.Length, n => n == 1, TimeSpan.FromSeconds(2),
            "the message untouched: under Azure the local runtime stays off");
    }
}
