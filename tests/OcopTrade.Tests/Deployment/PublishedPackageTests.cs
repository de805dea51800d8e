using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using OcopTrade.Tests.Hardening;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Deployment;

/// <summary>Builds the deployment package with scripts/package.sh and starts it as Azure does: the Functions host (the
/// local one, as its own process) reads the package's host.json, worker.config.json and functions.metadata, launches
/// the worker from it and runs its HTTP, queue and timer functions.</summary>
public sealed class PublishedApp : IAsyncLifetime
{
    public static string AppRoot => Repository.Path("artifacts", "app");
    public static string Zip => Repository.Path("artifacts", "ocoptrade-functions.zip");

    public Azurite Storage { get; private set; } = null!;
    public AppProcess App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var package = await Command.RunAsync(Repository.Path("scripts", "package.sh"), [],
            timeout: TimeSpan.FromMinutes(8));
        Assert.True(package.ExitCode == 0, package.Output + package.Error);
        Storage = await Azurite.StartAsync();
        App = await AppProcess.StartAsync(Storage, Azurite.FreePort(), appDirectory: AppRoot);
    }

    public async Task DisposeAsync()
    {
        try { if (App is not null) await App.DisposeAsync(); }
        finally { if (Storage is not null) await Storage.DisposeAsync(); }
    }
}

public class PublishedPackageTests(PublishedApp published) : IClassFixture<PublishedApp>
{
    private static readonly JsonNode TimerInfo =
        JsonNode.Parse("""{"Schedule":{"AdjustForDST":true},"ScheduleStatus":null,"IsPastDue":false}""")!;

    /// <summary>A valid trigger payload for every queue and timer function (a queue function's message; for a timer,
    /// the TimerInfo the host passes); a new function needs one here.</summary>
    private static readonly Dictionary<string, JsonNode> SampleTriggerData = new()
    {
        ["SuspendLapsedListing"] = JsonValue.Create("""{"productId":"nosuchprodct"}""")!,
        ["ProcessRevenueImport"] = JsonValue.Create("""{"importId":"nosuchimport"}""")!,
        ["ProcessImage"] = JsonValue.Create("""{"productId":"nosuchprodct","imageId":"nosuchimage1"}""")!,
        ["SyndicateVoso"] = ListingJob("voso", "publish", "producer"),
        ["SyndicatePostmart"] = ListingJob("postmart", "publish", "producer"),
        ["SyndicateShopee"] = ListingJob("shopee", "delist", "lifecycle"),
        ["ResyncListings"] = JsonValue.Create("""{"productId":"nosuchprodct"}""")!,
        ["ResyncCategoryListings"] = JsonValue.Create("""{"channel":"voso","group":"food"}""")!,
        ["SyndicationSweep"] = TimerInfo.DeepClone(),
        ["ReprocessImages"] = JsonValue.Create("""{"jobId":"nosuchjob123"}""")!,
        ["CertificateExpirySweep"] = TimerInfo.DeepClone(),
        ["CertificateWatch"] = TimerInfo.DeepClone(),
        ["RepairCatalogue"] = TimerInfo.DeepClone(),
        ["PullVosoOrders"] = TimerInfo.DeepClone(),
        ["PullPostmartOrders"] = TimerInfo.DeepClone(),
        ["PullShopeeOrders"] = TimerInfo.DeepClone(),
        ["ProcessBulkSyndication"] = JsonValue.Create("""{"bulkId":"nosuchbulk01","page":0}""")!,
        ["RefreshMarketplaceTokens"] = TimerInfo.DeepClone(),
        ["RecordShopeePush"] = JsonValue.Create("""{"shopId":"nosuchshop","orderSn":"nosuchorder"}""")!,
        // No address: the mailer drops it without needing an SMTP server (the published app is given none).
        ["SendNotification"] = JsonValue.Create("""{"kind":"enquiryArrived","id":"enquiry|sample|arrived",""" +
            """ "recipient":"","recipientName":"HTX mẫu","portalPath":"/portal","buyerName":"Mẫu",""" +
            """ "productName":"Mẫu","request":"quote"}""")!,
    };

    private static JsonNode ListingJob(string channel, string action, string origin) => JsonValue.Create(
        $$"""{"productId":"nosuchprodct","channel":"{{channel}}","action":"{{action}}",""" +
        $$""" "version":"1","origin":"{{origin}}"}""")!;

    private static HashSet<string> ZipEntries()
    {
        using var zip = ZipFile.OpenRead(PublishedApp.Zip);
        return zip.Entries.Select(e => e.FullName.Replace('\\', '/')).ToHashSet();
    }

    private static JsonNode ReadFromZip(string name)
    {
        using var zip = ZipFile.OpenRead(PublishedApp.Zip);
        using var stream = zip.GetEntry(name)!.Open();
        return JsonNode.Parse(stream)!;
    }

    /// <summary>functions.metadata as the host reads it: each function's name and trigger binding.</summary>
    private static List<(string Name, JsonObject Trigger)> Functions() =>
        ReadFromZip("functions.metadata").AsArray().Select(f => (
            f!["name"]!.GetValue<string>(),
            f["bindings"]!.AsArray().Select(b => b!.AsObject())
                .Single(b => b["type"]!.GetValue<string>().EndsWith("Trigger", StringComparison.Ordinal)))).ToList();

    private static string TypeOf(JsonObject trigger) => trigger["type"]!.GetValue<string>();

    [Fact]
    public void The_zip_holds_host_json_the_worker_and_its_metadata_and_no_function_json_or_custom_handler()
    {
        var entries = ZipEntries();
        string[] required =
            ["host.json", "functions.metadata", "worker.config.json", "extensions.json", "OcopTrade.Functions.dll"];
        foreach (var file in required) Assert.Contains(file, entries);
        // The host loads the queue and timer extensions from here (extensions.json's hintPath).
        Assert.Contains(entries, e => e.StartsWith(".azurefunctions/", StringComparison.Ordinal) && e.EndsWith(".dll"));
        Assert.DoesNotContain(entries, e => e == "function.json" || e.EndsWith("/function.json"));
        Assert.DoesNotContain("OcopTrade.Functions", entries); // the custom handler's executable
    }

    [Fact]
    public void Host_json_has_no_custom_handler_and_the_worker_config_starts_the_dotnet_isolated_worker()
    {
        var host = ReadFromZip("host.json").AsObject();
        Assert.False(host.ContainsKey("customHandler"));
        // An extension bundle makes the host of a .NET isolated app load no functions at all, silently
        // (Azure/azure-functions-host#9396, #10513): the worker's extensions come from .azurefunctions/.
        Assert.False(host.ContainsKey("extensionBundle"));
        var worker = ReadFromZip("worker.config.json")["description"]!;
        Assert.Equal("dotnet-isolated", worker["language"]!.GetValue<string>());
        Assert.Equal("dotnet", worker["defaultExecutablePath"]!.GetValue<string>());
        Assert.Equal("OcopTrade.Functions.dll", worker["defaultWorkerPath"]!.GetValue<string>());
    }

    [Fact]
    public void Functions_metadata_lists_every_queue_and_timer_function_with_a_sample_and_the_http_functions()
    {
        var functions = Functions();
        var triggered = functions.Where(f => TypeOf(f.Trigger) != "httpTrigger").ToList();
        foreach (var (name, _) in triggered)
            Assert.True(SampleTriggerData.ContainsKey(name), $"Add a sample trigger payload for {name} to this test.");
        Assert.Equal(SampleTriggerData.Keys.Order(), triggered.Select(f => f.Name).Order());
        Assert.All(triggered, f => Assert.Contains(TypeOf(f.Trigger), new[] { "queueTrigger", "timerTrigger" }));
        Assert.Contains(functions, f => f.Name == "Health" && TypeOf(f.Trigger) == "httpTrigger"
                                        && f.Trigger["route"]!.GetValue<string>() == "api/health");
        Assert.True(functions.Count(f => TypeOf(f.Trigger) == "httpTrigger") > 50,
            "the HTTP API is listed function by function");
    }

    [Fact]
    public async Task The_published_app_answers_health_through_the_host()
    {
        using var client = published.App.Client(null);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/health")).StatusCode);
    }

    [Fact]
    public async Task The_published_app_carries_the_portal_scripts_and_the_qr_decoder()
    {
        using var client = published.App.Client(null);
        var signIn = await client.GetStringAsync("/portal/sign-in");
        Assert.Contains("Khóa truy cập", signIn);
        string[] assets = ["portal.js", "portal.css", "scan.js", "jsQR.js", "scan-sw.js", "scan.webmanifest"];
        foreach (var asset in assets)
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/portal/assets/" + asset)).StatusCode);
    }

    [Fact]
    public async Task Http_requests_reach_the_worker_through_the_host()
    {
        using var admin = published.App.Client();
        var created = await admin.PostAsync("/api/producers", Api.JsonBody(Api.Producer()));
        await created.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/p/khong-co-san-pham-abcdefghjkmn")).StatusCode);
    }

    [Fact]
    public async Task Each_queue_function_consumes_its_sample_message_without_it_landing_in_poison()
    {
        var queueFunctions = Functions().Where(f => TypeOf(f.Trigger) == "queueTrigger").ToList();
        Assert.NotEmpty(queueFunctions);
        // Base64, as the app sends its messages and host.json's messageEncoding expects them.
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        QueueClient Queue(string name) => new(published.Storage.ConnectionString, name, options);
        foreach (var (name, trigger) in queueFunctions)
        {
            var queue = Queue(trigger["queueName"]!.GetValue<string>());
            await queue.CreateIfNotExistsAsync();
            await queue.SendMessageAsync(SampleTriggerData[name].GetValue<string>());
        }

        foreach (var (name, trigger) in queueFunctions)
        {
            var queueName = trigger["queueName"]!.GetValue<string>();
            // The count includes a message in flight: at 0 it has been deleted, by success or by a move to poison.
            await Eventually.HoldsAsync(
                async () => (await Queue(queueName).GetPropertiesAsync()).Value.ApproximateMessagesCount,
                n => n == 0, TimeSpan.FromSeconds(60), $"{name} to take its message off {queueName}");
            // Read as sent, undecoded: whoever moved a message there may not have encoded it.
            var poison = new QueueClient(published.Storage.ConnectionString, queueName + "-poison");
            var poisoned = await poison.ExistsAsync() ? (await poison.PeekMessagesAsync(32)).Value : [];
            Assert.True(poisoned.Length == 0,
                $"{name}'s sample went to {queueName}-poison: {string.Join(", ", poisoned.Select(m => m.Body))}");
        }
    }

    [Fact]
    public async Task Each_timer_function_is_run_by_the_admin_API_and_an_unknown_one_is_not_found()
    {
        using var client = published.App.Client(null);
        var timers = Functions().Where(f => TypeOf(f.Trigger) == "timerTrigger").Select(f => f.Name).ToList();
        Assert.NotEmpty(timers);
        foreach (var name in timers)
        {
            var input = new JsonObject { ["input"] = SampleTriggerData[name].ToJsonString() };
            var run = await client.PostAsync($"/admin/functions/{name}", Api.JsonBody(input));
            Assert.True(run.StatusCode == HttpStatusCode.Accepted, $"{name}: {(int)run.StatusCode}");
        }
        var unknown = await client.PostAsync("/admin/functions/NoSuchFunction",
            Api.JsonBody(new JsonObject { ["input"] = "" }));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
