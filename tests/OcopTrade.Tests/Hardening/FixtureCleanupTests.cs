using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Hardening;

/// <summary>Why Azurite processes outlived ./test.sh: a fixture whose app failed to start (on a loaded machine the
/// app may not report healthy storage in time) was disposed by xUnit all the same, dereferenced the app it never got
/// and threw before stopping its storage, leaving a node process behind. Now storage is stopped whatever the app did.</summary>
public class FixtureCleanupTests
{
    /// <summary>An app that can never reach its storage, so it never becomes healthy and its start fails.</summary>
    private sealed class AppThatCannotStart : OwnAppTests
    {
        public Azurite StartedStorage => Storage;
        protected override OcopApp Configure(OcopApp app) =>
            app.Set("AzureWebJobsStorage", $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Convert.ToBase64String(new byte[64])};" +
                                           $"BlobEndpoint=http://127.0.0.1:{Azurite.FreePort()}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{Azurite.FreePort()}/devstoreaccount1;" +
                                           $"TableEndpoint=http://127.0.0.1:{Azurite.FreePort()}/devstoreaccount1;");
    }

    [Fact]
    public async Task A_fixture_whose_app_failed_to_start_still_stops_its_Azurite()
    {
        var fixture = new AppThatCannotStart();
        await Assert.ThrowsAnyAsync<Exception>(fixture.InitializeAsync);
        var storage = fixture.StartedStorage;
        Assert.True(await Azurite.IsListeningAsync(storage.TablePort), "Azurite should have started before the app failed");

        await fixture.DisposeAsync(); // what xUnit does after a failed InitializeAsync

        foreach (var port in new[] { storage.BlobPort, storage.QueuePort, storage.TablePort })
            Assert.False(await Azurite.IsListeningAsync(port), $"Azurite still listens on {port}");
    }
}
