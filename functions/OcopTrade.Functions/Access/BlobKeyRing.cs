using System.Xml.Linq;
using Azure;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Access;

/// <summary>The keys that encrypt session cookies, kept in a private blob container so every instance of the function
/// app reads the cookies the others wrote (the default, a folder on the instance's disk, would sign people out whenever
/// Flex Consumption moved them to another instance). Access is the app's managed identity only.</summary>
public sealed class BlobKeyRing(BlobServiceClient blobs) : IXmlRepository
{
    private BlobContainerClient Container => blobs.GetBlobContainerClient(StorageNames.SessionKeysContainer);

    // IXmlRepository is synchronous; the data-protection system calls it rarely (start, then about once a day).
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        try
        {
            return Container.GetBlobs().Select(b => XElement.Parse(Container.GetBlobClient(b.Name).DownloadContent().Value.Content.ToString())).ToList();
        }
        catch (RequestFailedException e) when (e.Status == 404) { return []; }
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        Container.CreateIfNotExists();
        // Names are unique per key; two instances creating keys at once simply both add theirs to the ring.
        Container.GetBlobClient(friendlyName + ".xml").Upload(BinaryData.FromString(element.ToString(SaveOptions.DisableFormatting)), overwrite: true);
    }

    public sealed class Setup(BlobServiceClient blobs) : IConfigureOptions<KeyManagementOptions>
    {
        public void Configure(KeyManagementOptions options) => options.XmlRepository = new BlobKeyRing(blobs);
    }
}
