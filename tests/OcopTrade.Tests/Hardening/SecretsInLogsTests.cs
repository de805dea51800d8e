using System.Net;
using System.Text.Json.Nodes;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Hardening;

/// <summary>With every log category at its most verbose, issuing, using, mistyping and revoking keys writes no
/// key (admin, issued, or the storage account's) into any log line, message, exception or scope.</summary>
public class SecretsInLogsTests : OwnAppTests
{
    private readonly CapturedLogs _logs = new();

    protected override OcopApp Configure(OcopApp app) => app
        .Set("Logging:LogLevel:Default", "Trace").Set("Logging:LogLevel:Microsoft.AspNetCore", "Trace").Set("Logging:LogLevel:Azure", "Trace")
        .WithServices(_logs.Attach);

    [Fact]
    public async Task Keys_never_reach_the_logs()
    {
        var admin = App.Client();
        var producerId = await admin.CreateProducerAsync();
        var issued = await (await admin.PostAsync("/api/keys", Api.JsonBody(new JsonObject { ["role"] = "producer", ["producerId"] = producerId })))
            .ExpectAsync(HttpStatusCode.Created);
        var key = issued["key"]!.GetValue<string>();
        var salesPointKey = await admin.SalesPointKeyAsync(await admin.CreateSalesPointAsync());

        await (await App.Client(key).GetAsync($"/api/producers/{producerId}")).ExpectAsync(HttpStatusCode.OK);
        await (await App.Client(key + "x").GetAsync($"/api/producers/{producerId}")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await App.Client(key[..^1]).GetAsync("/api/products")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await App.Client(OcopApp.AdminKey + "0").GetAsync("/api/products")).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await (await App.Client(salesPointKey).GetAsync("/api/products")).ExpectAsync(HttpStatusCode.OK);
        await (await admin.DeleteAsync($"/api/keys/{issued["id"]!.GetValue<string>()}")).ExpectAsync(HttpStatusCode.NoContent);
        await (await App.Client(key).GetAsync($"/api/producers/{producerId}")).ExpectProblemAsync(HttpStatusCode.Unauthorized);

        // The capture works and is verbose: debug lines of authentication were written.
        Assert.Contains(_logs.Lines, l => l.Level <= Microsoft.Extensions.Logging.LogLevel.Debug && l.Category.Contains("Authentication"));
        var secrets = new[] { key, salesPointKey, OcopApp.AdminKey, Storage.ConnectionString.Split("AccountKey=")[1].Split(';')[0] };
        foreach (var line in _logs.Lines)
            foreach (var secret in secrets)
                Assert.False(line.Everything.Contains(secret[..20], StringComparison.Ordinal), $"A key appears in a {line.Category} log line: {line.Message}");
    }
}
