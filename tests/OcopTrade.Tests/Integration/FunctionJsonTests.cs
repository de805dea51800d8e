using Microsoft.Extensions.DependencyInjection;
using OcopTrade.Functions.Runtime;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Integration;

[Collection(SharedAppCollection.Name)]
public class FunctionJsonTests(SharedApp shared)
{
    [Fact]
    public void The_committed_function_json_files_match_the_apps_function_table()
    {
        var rendered = FunctionJsonFiles.Render(shared.App.Services.GetServices<FunctionDefinition>());
        var root = Repository.Path("functions", "bindings");
        var committed = Directory.EnumerateDirectories(root).Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(rendered.Keys.Order().ToArray(), committed);
        foreach (var (name, json) in rendered)
            Assert.True(json == File.ReadAllText(Path.Combine(root, name, "function.json")),
                $"functions/bindings/{name}/function.json is out of date: run `dotnet run --project functions/OcopTrade.Functions -- write-function-json`.");
    }

    [Fact]
    public void Host_json_declares_the_custom_handler_and_forwards_http()
    {
        var host = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Repository.Path("host.json")))!;
        Assert.True(host["customHandler"]!["enableForwardingHttpRequest"]!.GetValue<bool>());
        Assert.Equal("OcopTrade.Functions", host["customHandler"]!["description"]!["defaultExecutablePath"]!.GetValue<string>());
        Assert.Equal("", host["extensions"]!["http"]!["routePrefix"]!.GetValue<string>());
        var settings = HostJson.ReadQueueSettings(Repository.Path("host.json"), new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        Assert.Equal(new QueueSettings(16, 8, 5, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10)), settings);
    }

    [Fact]
    public void An_unset_new_batch_threshold_is_half_a_batch_per_processor_as_in_azure()
    {
        var hostJson = Path.Combine(Directory.CreateTempSubdirectory("ocop-host-").FullName, "host.json");
        File.WriteAllText(hostJson, """{"version":"2.0","extensions":{"queues":{"batchSize":10}}}""");
        var settings = HostJson.ReadQueueSettings(hostJson, new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build(), processors: 2);
        Assert.Equal(10, settings.BatchSize);
        Assert.Equal(10, settings.NewBatchThreshold);
    }
}
