using System.Net;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using OcopTrade.Functions.Platform;
using OcopTrade.Tests.Images;
using OcopTrade.Tests.Support;

namespace OcopTrade.Tests.Hardening;

/// <summary>Storage failing in the middle of a photo's DELETE, after its record went and before all its blobs did.
/// The client sees 503 and retries, as told; the retry must finish the job: no public rendition and no original
/// (which may carry the farm's GPS position) may outlive the photo.</summary>
public class PhotoDeleteFaultTests : OwnAppTests
{
    private readonly BlobDeleteFault _fault = new();

    /// <summary>The app's blob client with one extra pipeline step that fails blob deletes on demand: the storage
    /// itself is the real Azurite, only its answers to those calls are replaced by a failure.</summary>
    protected override OcopApp Configure(OcopApp app) => app.WithServices(services =>
    {
        var options = new BlobClientOptions();
        options.Retry.MaxRetries = 0;
        options.AddPolicy(_fault, HttpPipelinePosition.PerCall);
        services.AddSingleton(new BlobServiceClient(Storage.ConnectionString, options));
    });

    [Fact]
    public async Task A_delete_interrupted_after_the_record_went_is_finished_by_the_retry_leaving_no_blob()
    {
        var photos = await Photos.ForNewProductAsync(App);
        var imageId = await photos.UploadProcessedAsync(TestImages.Jpeg());
        var renditions = (await photos.ListAsync()).Single(i => i!["id"]!.GetValue<string>() == imageId)!["renditions"]!.AsArray()
            .Select(r => r!["url"]!.GetValue<string>()).ToList();
        Assert.NotEmpty(renditions);
        using var anonymous = new HttpClient();
        var blobs = new BlobServiceClient(Storage.ConnectionString);
        var original = blobs.GetBlobContainerClient(StorageNames.OriginalsContainer).GetBlobClient($"{photos.ProductId}/{imageId}");
        Assert.True((await original.ExistsAsync()).Value);

        // The first blob delete goes through, every later one fails: storage gave out midway.
        _fault.FailAfter(1);
        var first = await photos.Producer.DeleteAsync($"{photos.Base}/{imageId}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.NotNull(first.Headers.RetryAfter);
        Assert.DoesNotContain(imageId, Photos.Ids(await photos.ListAsync())); // the record went first
        var left = 0;
        foreach (var url in renditions) if ((await anonymous.GetAsync(url)).StatusCode == HttpStatusCode.OK) left++;
        if ((await original.ExistsAsync()).Value) left++;
        Assert.True(left > 0, "the fault should have left blobs behind");

        _fault.Off();
        var retry = await photos.Producer.DeleteAsync($"{photos.Base}/{imageId}");
        Assert.Equal(HttpStatusCode.NoContent, retry.StatusCode);
        foreach (var url in renditions) Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(url)).StatusCode);
        Assert.False((await original.ExistsAsync()).Value);

        // Nothing left: a further retry is told the photo does not exist.
        await (await photos.Producer.DeleteAsync($"{photos.Base}/{imageId}")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    /// <summary>Fails blob DELETE requests after letting a given number through, until switched off.</summary>
    private sealed class BlobDeleteFault : HttpPipelineSynchronousPolicy
    {
        private int _allowed = int.MaxValue;

        public void FailAfter(int deletes) => Interlocked.Exchange(ref _allowed, deletes);
        public void Off() => Interlocked.Exchange(ref _allowed, int.MaxValue);

        public override void OnSendingRequest(HttpMessage message)
        {
            if (message.Request.Method != RequestMethod.Delete) return;
            if (Interlocked.Decrement(ref _allowed) < 0)
                throw new RequestFailedException(503, "Injected: storage failed mid-delete.");
        }
    }
}
