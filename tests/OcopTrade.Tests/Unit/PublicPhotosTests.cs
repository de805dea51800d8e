using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Tests.Unit;

/// <summary>In Azure the public photos live on their own account (infra/main.bicep), so the data account can refuse
/// every public blob; locally they share the one account.</summary>
public class PublicPhotosTests
{
    [Fact]
    public void Photos_are_written_to_the_account_their_setting_names_and_data_stays_on_its_own()
    {
        var services = Services(new()
        {
            ["AzureWebJobsStorage:accountName"] = "stocopdata", ["AzureWebJobsStorage:clientId"] = "identity",
            ["PublicPhotosStorage:accountName"] = "stocoppubphotos", ["PublicPhotosStorage:clientId"] = "identity",
        });
        Assert.Equal("stocoppubphotos", services.GetRequiredService<PublicPhotos>().Container.AccountName);
        Assert.Equal(StorageNames.RenditionsContainer, services.GetRequiredService<PublicPhotos>().Container.Name);
        Assert.Equal("stocopdata", services.GetRequiredService<BlobServiceClient>().AccountName);
    }

    [Fact]
    public void Without_a_photos_account_the_photos_share_the_one_storage_account()
    {
        var services = Services(new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" });
        Assert.Equal(services.GetRequiredService<BlobServiceClient>().AccountName,
            services.GetRequiredService<PublicPhotos>().Container.AccountName);
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddOcopStorage(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();
}
