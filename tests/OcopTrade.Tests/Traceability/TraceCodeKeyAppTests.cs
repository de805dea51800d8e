using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using OcopTrade.Functions.Traceability;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Traceability;

/// <summary>The app's trace code key: generated and kept where none is configured, never derived from the admin key,
/// and rotated without orphaning printed labels. Each test runs apps one after another on storage of its own.</summary>
public sealed class TraceCodeKeyAppTests : IAsyncLifetime
{
    private Azurite _storage = null!;

    public async Task InitializeAsync() => _storage = await Azurite.StartAsync();

    public async Task DisposeAsync() => await _storage.DisposeAsync();

    private async Task<T> WithAppAsync<T>(Func<OcopApp, OcopApp> configure, Func<OcopApp, Task<T>> use)
    {
        var app = await configure(new OcopApp(_storage)).StartAsync();
        try { return await use(app); }
        finally { await app.DisposeAsync(); }
    }

    private static async Task<string> NewCodeAsync(OcopApp app)
    {
        var admin = app.Client();
        var producer = app.Client(await admin.ProducerKeyAsync(await admin.CreateProducerAsync()));
        var product = await (await producer.PostAsync("/api/products", Api.JsonBody(Api.Product())))
            .ExpectAsync(HttpStatusCode.Created);
        var lot = new JsonObject
        {
            ["lotNumber"] = "L2026-11A", ["productionDate"] = "2026-10-01", ["bestBefore"] = "2027-10-01", ["quantity"] = 500,
        };
        var batch = await (await producer.PostAsync($"/api/products/{product["id"]}/batches", Api.JsonBody(lot)))
            .ExpectAsync(HttpStatusCode.Created);
        return batch["traceCode"]!.GetValue<string>().Replace("-", "");
    }

    private static async Task<HttpStatusCode> TraceAsync(OcopApp app, string code) =>
        (await app.Client(null).GetAsync($"/api/trace/{code}")).StatusCode;

    [Fact]
    public async Task Without_a_configured_key_codes_do_not_follow_from_the_admin_key_and_the_key_outlives_a_restart()
    {
        var codes = await WithAppAsync(app => app, async app =>
        {
            var made = new List<string>();
            for (var i = 0; i < 4; i++) made.Add(await NewCodeAsync(app));
            return made;
        });

        // The key as it used to be derived from the admin key: each code's check would have confirmed a guess of it.
        var fromAdminKey = new TraceCode(SHA256.HashData(Encoding.UTF8.GetBytes("ocop-trace-code|" + OcopApp.AdminKey)));
        Assert.True(codes.Count(code => fromAdminKey.Verify(code) is not null) <= 1); // chance alone: 1 in 32 768 each
        var kept = new BlobServiceClient(_storage.ConnectionString)
            .GetBlobContainerClient("trace-code-keys").GetBlobClient(TraceKeyRing.KeyBlob);
        Assert.Equal(32, (await kept.DownloadContentAsync()).Value.Content.ToArray().Length);

        // The same storage after a restart (or another instance): the labels already printed still verify.
        var afterRestart = await WithAppAsync(app => app, async app =>
            await Task.WhenAll(codes.Select(code => TraceAsync(app, code))));
        Assert.All(afterRestart, status => Assert.Equal(HttpStatusCode.OK, status));
    }

    [Fact]
    public async Task A_code_made_before_a_key_rotation_still_verifies_after_it()
    {
        const string OldKey = "the-key-labels-were-printed-with";
        var printed = await WithAppAsync(app => app.Set("Ocop:TraceCodeKey", OldKey), NewCodeAsync);

        var rotated = await WithAppAsync(
            app => app.Set("Ocop:TraceCodeKey", "the-new-key").Set("Ocop:PreviousTraceCodeKeys:0", OldKey),
            async app => (Old: await TraceAsync(app, printed), New: await TraceAsync(app, await NewCodeAsync(app))));
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), rotated);

        // Dropping the old key from the list is what retires its labels.
        var retired = await WithAppAsync(
            app => app.Set("Ocop:TraceCodeKey", "the-new-key"), app => TraceAsync(app, printed));
        Assert.Equal(HttpStatusCode.NotFound, retired);
    }
}
