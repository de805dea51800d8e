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
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task The_data_storage_account_is_private_geo_redundant_and_reached_only_from_the_apps_subnet()
    {
        var template = await CompiledAsync();
        var data = StorageAccount(template, "storage");
        Assert.False(data["properties"]!["allowBlobPublicAccess"]!.GetValue<bool>());
        Assert.Equal("Standard_GZRS", data["sku"]!["name"]!.GetValue<string>());
        var firewall = data["properties"]!["networkAcls"]!;
        Assert.Equal("Deny", firewall["defaultAction"]!.GetValue<string>());
        Assert.Contains("subnets[0]", firewall["virtualNetworkRules"]![0]!["id"]!.GetValue<string>());
        Assert.Contains("subnets[0]", Site(template)["properties"]!["virtualNetworkSubnetId"]!.GetValue<string>());
        Assert.All(Containers(template, "storage"),
            c => Assert.Equal("None", c["properties"]!["publicAccess"]!.GetValue<string>()));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Photos_are_public_only_through_a_separate_account_the_app_alone_writes()
    {
        var template = await CompiledAsync();
        var photos = StorageAccount(template, "photos");
        Assert.True(photos["properties"]!["allowBlobPublicAccess"]!.GetValue<bool>());
        Assert.False(photos["properties"]!["allowSharedKeyAccess"]!.GetValue<bool>());
        var published = Containers(template, "photos");
        // One container per public one in storage.json (which names exactly StorageNames.PublicContainers); the data
        // account gets every other container.
        Assert.Contains("variables('publicContainers')[copyIndex()]",
            Assert.Single(published)["name"]!.GetValue<string>());
        Assert.Contains("variables('privateContainers')[copyIndex()]",
            Assert.Single(Containers(template, "storage"))["name"]!.GetValue<string>());
        Assert.All(published, c => Assert.Equal("Blob", c["properties"]!["publicAccess"]!.GetValue<string>()));
        // Writing is the app's identity's, by role; anonymous readers only read.
        Assert.Contains(Resources(template, "Microsoft.Authorization/roleAssignments"), r =>
            r["scope"]!.GetValue<string>().Contains("names').photos") &&
            r["properties"]!["roleDefinitionId"]!.GetValue<string>().Contains("storageBlobDataContributor"));
        Assert.Contains("'PublicPhotosStorage__accountName'", AppSettings(template));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Key_vault_takes_no_public_traffic_and_the_app_reaches_it_through_a_private_endpoint()
    {
        var template = await CompiledAsync();
        var vault = Resources(template, "Microsoft.KeyVault/vaults").Single()["properties"]!;
        Assert.Equal("Disabled", vault["publicNetworkAccess"]!.GetValue<string>());
        Assert.Equal("Deny", vault["networkAcls"]!["defaultAction"]!.GetValue<string>());
        var endpoint = Resources(template, "Microsoft.Network/privateEndpoints").Single()["properties"]!;
        var connection = endpoint["privateLinkServiceConnections"]![0]!["properties"]!;
        Assert.Equal("vault", connection["groupIds"]![0]!.GetValue<string>());
        Assert.Contains("Microsoft.KeyVault/vaults", connection["privateLinkServiceId"]!.GetValue<string>());
        Assert.Contains(Resources(template, "Microsoft.Network/privateDnsZones"),
            z => z["name"]!.GetValue<string>() == "privatelink.vaultcore.azure.net");
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Every_secret_has_an_expiry_and_a_content_type()
    {
        var secrets = Resources(await CompiledAsync(), "Microsoft.KeyVault/vaults/secrets");
        Assert.Equal(4, secrets.Count); // admin key, trace code key, the previous one, the SMTP relay password
        Assert.All(secrets, s =>
        {
            Assert.Equal("text/plain", s["properties"]!["contentType"]!.GetValue<string>());
            Assert.Contains("secretExpiry", s["properties"]!["attributes"]!["exp"]!.GetValue<string>());
        });
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task The_plan_is_zone_redundant_and_the_app_speaks_http2_with_a_health_check_path()
    {
        var template = await CompiledAsync();
        var plan = Resources(template, "Microsoft.Web/serverfarms").Single();
        Assert.True(plan["properties"]!["zoneRedundant"]!.GetValue<bool>());
        var site = Site(template)["properties"]!;
        Assert.True(site["siteConfig"]!["http20Enabled"]!.GetValue<bool>());
        Assert.Equal("/api/health", site["siteConfig"]!["healthCheckPath"]!.GetValue<string>());
        Assert.True(site["httpsOnly"]!.GetValue<bool>());
        // Public on purpose (the API, trace pages, the portal); said so beside the setting in the template.
        Assert.Equal("Enabled", site["publicNetworkAccess"]!.GetValue<string>());
        Assert.Contains("this is the public API", File.ReadAllText(Repository.Path("infra", "main.bicep")));
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static async Task<JsonNode> CompiledAsync()
    {
        File.SetUnixFileMode(Bicep, File.GetUnixFileMode(Bicep) | UnixFileMode.UserExecute);
        var build = await Command.RunAsync(Bicep, ["build", "main.bicep", "--stdout"], Repository.Path("infra"));
        Assert.True(build.ExitCode == 0, build.Error);
        return JsonNode.Parse(build.Output)!;
    }

    private static List<JsonNode> Resources(JsonNode template, string type) =>
        [.. template["resources"]!.AsArray().Where(r => r!["type"]!.GetValue<string>() == type).Select(r => r!)];

    /// <summary>A storage account by its key in the template's <c>names</c> ("storage", "photos").</summary>
    private static JsonNode StorageAccount(JsonNode template, string name) =>
        Resources(template, "Microsoft.Storage/storageAccounts")
            .Single(r => r["name"]!.GetValue<string>() == $"[variables('names').{name}]");

    private static List<JsonNode> Containers(JsonNode template, string account) =>
        [.. Resources(template, "Microsoft.Storage/storageAccounts/blobServices/containers")
            .Where(c => c["name"]!.GetValue<string>().Contains($"names').{account},"))];

    private static JsonNode Site(JsonNode template) => Resources(template, "Microsoft.Web/sites").Single();

    private static string AppSettings(JsonNode template) =>
        Site(template)["properties"]!["siteConfig"]!["appSettings"]!.GetValue<string>();

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
