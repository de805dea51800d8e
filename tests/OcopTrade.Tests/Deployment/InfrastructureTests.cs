using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OcopTrade.Functions.Platform;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Deployment;

[Collection(SharedAppCollection.Name)]
public class InfrastructureTests(SharedApp shared)
{
    private static string Bicep => typeof(InfrastructureTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "BicepPath").Value!;

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // the restored bicep CLI is the Linux build
    public async Task Bicep_builds_and_lints_clean()
    {
        File.SetUnixFileMode(Bicep, File.GetUnixFileMode(Bicep) | UnixFileMode.UserExecute);
        var build = await Command.RunAsync(Bicep, ["build", "main.bicep", "--stdout"], Repository.Path("infra"));
        Assert.True(build.ExitCode == 0 && build.Error.Trim().Length == 0, build.Error);
        var template = JsonNode.Parse(build.Output)!;
        Assert.Contains(template["resources"]!.AsArray(), r => r!["type"]!.GetValue<string>() == "Microsoft.Web/sites");

        var lint = await Command.RunAsync(Bicep, ["lint", "main.bicep"], Repository.Path("infra"));
        Assert.True(lint.ExitCode == 0 && (lint.Output + lint.Error).Trim().Length == 0, lint.Output + lint.Error);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // the restored bicep CLI is the Linux build
    public async Task The_function_app_runs_the_dotnet_isolated_10_stack_with_every_setting_its_triggers_name()
    {
        File.SetUnixFileMode(Bicep, File.GetUnixFileMode(Bicep) | UnixFileMode.UserExecute);
        var build = await Command.RunAsync(Bicep, ["build", "main.bicep", "--stdout"], Repository.Path("infra"));
        Assert.True(build.ExitCode == 0, build.Error);
        var site = JsonNode.Parse(build.Output)!["resources"]!.AsArray()
            .Single(r => r!["type"]!.GetValue<string>() == "Microsoft.Web/sites")!;
        var runtime = site["properties"]!["functionAppConfig"]!["runtime"]!;
        Assert.Equal("dotnet-isolated", runtime["name"]!.GetValue<string>());
        Assert.Equal("10.0", runtime["version"]!.GetValue<string>());
        // Flex Consumption takes the stack from functionAppConfig only and rejects this app setting.
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", build.Output);

        // A trigger naming a missing setting (a timer's %CertificateWatchSchedule%) stops the host from starting.
        var appSettings = site["properties"]!["siteConfig"]!["appSettings"]!.GetValue<string>(); // an ARM expression
        var metadata = JsonNode.Parse(File.ReadAllText(Path.Combine(OcopApp.WorkerOutput, "functions.metadata")))!;
        var named = metadata.AsArray().SelectMany(f => f!["bindings"]!.AsArray()).SelectMany(b => b!.AsObject())
            .Select(p => p.Value is JsonValue v && v.TryGetValue(out string? text) ? text : null)
            .Where(text => text is { Length: > 2 } && text.StartsWith('%') && text.EndsWith('%'))
            .Select(text => text![1..^1]).Distinct().ToList();
        Assert.Contains("CertificateWatchSchedule", named);
        Assert.All(named, setting => Assert.Contains($"'{setting}'", appSettings));
    }

    [Fact]
    public void The_deployment_declares_every_table_queue_and_container_the_app_uses()
    {
        var declared = JsonNode.Parse(File.ReadAllText(Repository.Path("infra", "storage.json")))!;
        string[] List(string name) => [.. declared[name]!.AsArray().Select(n => n!.GetValue<string>())];

        Assert.Subset(List("tables").ToHashSet(), StorageNames.Tables.ToHashSet());
        var queues = shared.App.Services.GetServices<RequiredQueue>().Select(q => q.Name).ToHashSet();
        Assert.Subset(List("queues").ToHashSet(), queues.Concat(queues.Select(q => q + "-poison")).ToHashSet());
        Assert.Subset(List("containers").ToHashSet(), StorageNames.Containers.ToHashSet());
        Assert.Equal(StorageNames.PublicContainers.Order(), List("publicContainers").Order());
    }
}
