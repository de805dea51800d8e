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
