using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace OcopTrade.Functions.Platform;

/// <summary>Names of the tables and queues the app owns; the deployment creates the same ones.</summary>
public static class StorageNames
{
    public const string AccessKeysTable = "AccessKeys";
    public const string ProducersTable = "Producers";
    public const string ProductsTable = "Products";
    public const string BatchesTable = "Batches";
    public const string TraceCodesTable = "TraceCodes";
    public const string ScansTable = "Scans";
    public const string SalesPointsTable = "SalesPoints";
    public const string SalesTable = "Sales";
    public const string RevenueEntriesTable = "RevenueEntries";
    public const string RevenueRollupsTable = "RevenueRollups";
    public const string RevenueImportsTable = "RevenueImports";
    public const string ProductImagesTable = "ProductImages";
    public const string PhotoSlotsTable = "PhotoSlots";
    public const string PlansTable = "Plans";
    public const string CertificateWatchTable = "CertificateWatch";
    public const string CertificateHistoryTable = "CertificateHistory";
    public const string LotStatusTable = "LotStatus";
    public const string SyndicationsTable = Syndication.SyndicationStore.TableName;
    public const string ImageReprocessJobsTable = "ImageReprocessJobs";
    public const string PortalSessionsTable = "PortalSessions";
    public const string MarketplaceOrdersTable = MarketplaceOrders.OrderStore.TableName;
    public const string BulkSyndicationsTable = Syndication.BulkSyndicationStore.TableName;
    public const string MarketplaceAuthorisationsTable = Syndication.MarketplaceAuthorisationStore.TableName;
    public const string CategoryMappingsTable = Syndication.CategoryMappingStore.TableName;
    public const string SentNotificationsTable = Notifications.SentNotifications.TableName;
    public const string TradeEventsTable = "TradeEvents";
    public const string CatalogueEntriesTable = Catalogue.CatalogueStore.TableName;
    public const string BuyersTable = Buyers.BuyerStore.TableName;
    public const string EnquiriesTable = Linkage.EnquiryStore.TableName;
    public const string DealsTable = Linkage.DealStore.TableName;
    public static readonly string[] Tables =
    [
        AccessKeysTable, ProducersTable, ProductsTable, BatchesTable, TraceCodesTable, ScansTable, SalesPointsTable, SalesTable,
        RevenueEntriesTable, RevenueRollupsTable, RevenueImportsTable, ProductImagesTable, PhotoSlotsTable,
        ImageReprocessJobsTable, PlansTable, CertificateWatchTable, SyndicationsTable, CertificateHistoryTable,
        LotStatusTable,
        PortalSessionsTable, MarketplaceOrdersTable, BulkSyndicationsTable, MarketplaceAuthorisationsTable,
        CategoryMappingsTable, SentNotificationsTable, TradeEventsTable, CatalogueEntriesTable,
        BuyersTable, EnquiriesTable, DealsTable,
    ];

    /// <summary>Where the runtime keeps timer schedule status, as the Functions host does.</summary>
    public const string HostsContainer = "azure-webjobs-hosts";
    public const string RevenueImportsContainer = "revenue-imports";
    public const string OriginalsContainer = "product-originals";
    public const string RenditionsContainer = "product-renditions";
    /// <summary>The data-protection keys that encrypt portal session cookies (private).</summary>
    public const string SessionKeysContainer = "session-keys";
    /// <summary>The trace code key generated where none is configured (private; in Azure, Key Vault has it).</summary>
    public const string TraceCodeKeysContainer = "trace-code-keys";
    /// <summary>Encrypted marketplace tokens where there is no Key Vault (local runs and tests; private).</summary>
    public const string MarketplaceTokensContainer = "marketplace-tokens";
    public static readonly string[] Containers =
    [
        HostsContainer, RevenueImportsContainer, OriginalsContainer, RenditionsContainer, SessionKeysContainer,
        TraceCodeKeysContainer, MarketplaceTokensContainer,
    ];

    /// <summary>Containers whose blobs anyone may read (renditions on public pages); every other one is private.</summary>
    public static readonly string[] PublicContainers = [RenditionsContainer];
}

public static class StorageExtensions
{
    /// <summary>Storage clients for the connection named like the Functions host's own (<c>AzureWebJobsStorage</c>).
    /// Retries are few and short: a request a person waits on should fail fast into a 503 they can retry,
    /// rather than hang through the SDK's default back-off.</summary>
    public static IServiceCollection AddOcopStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var connection = StorageConnection.From(configuration);

        static T Tune<T>(T options) where T : ClientOptions
        {
            options.Retry.MaxRetries = 2;
            options.Retry.Delay = TimeSpan.FromMilliseconds(100);
            options.Retry.MaxDelay = TimeSpan.FromSeconds(1);
            options.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
            return options;
        }

        services.AddSingleton(_ => connection.Tables(Tune(new TableClientOptions())));
        services.AddSingleton(sp =>
        {
            var options = Tune(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
            return connection.Queues(options);
        });
        services.AddSingleton(_ => connection.Blobs(Tune(new BlobClientOptions())));
        // Without an account of their own the photos share the one blob client (and whatever pipeline it has).
        var photos = StorageConnection.From(configuration, PublicPhotos.Setting);
        services.AddSingleton(sp => new PublicPhotos(
            photos?.Blobs(Tune(new BlobClientOptions())) ?? sp.GetRequiredService<BlobServiceClient>()));
        services.AddHostedService<StorageInitializer>();
        return services;
    }
}

/// <summary>The storage account, named the way the Functions host names its own: a connection string locally
/// (<c>AzureWebJobsStorage</c>), or in Azure an identity-based connection (<c>AzureWebJobsStorage__accountName</c>,
/// <c>__clientId</c> for a user-assigned identity) so no account key exists anywhere.</summary>
public sealed record StorageConnection(string? ConnectionString, string? AccountName, string? ClientId)
{
    /// <summary>A further account named by an identity-based connection (<c>{name}__accountName</c>); null if none.
    /// </summary>
    public static StorageConnection? From(IConfiguration configuration, string name) =>
        configuration.GetSection(name) is var section && section["accountName"] is { Length: > 0 } account
            ? new StorageConnection(null, account, section["clientId"])
            : null;

    public static StorageConnection From(IConfiguration configuration)
    {
        var section = configuration.GetSection("AzureWebJobsStorage");
        return section["accountName"] is { Length: > 0 } account
            ? new StorageConnection(null, account, section["clientId"])
            : new StorageConnection(section.Value ?? "UseDevelopmentStorage=true", null, null);
    }

    private TokenCredential Credential() =>
        new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = ClientId });

    private Uri Endpoint(string service) => new($"https://{AccountName}.{service}.core.windows.net");

    public TableServiceClient Tables(TableClientOptions options) =>
        ConnectionString is not null ? new(ConnectionString, options) : new(Endpoint("table"), Credential(), options);

    public QueueServiceClient Queues(QueueClientOptions options) =>
        ConnectionString is not null ? new(ConnectionString, options) : new(Endpoint("queue"), Credential(), options);

    public BlobServiceClient Blobs(BlobClientOptions options) =>
        ConnectionString is not null ? new(ConnectionString, options) : new(Endpoint("blob"), Credential(), options);
}

/// <summary>Creates the tables and queues once storage answers. It keeps trying in the background so the app
/// starts (and says 503 on /api/health) even when storage is down at boot.</summary>
public sealed class StorageInitializer(
    TableServiceClient tables, QueueServiceClient queues, BlobServiceClient blobs, PublicPhotos photos,
    IEnumerable<RequiredQueue> requiredQueues,
    ILogger<StorageInitializer> logger) : BackgroundService
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Ready => _ready.Task;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // One quick attempt before the app takes traffic, so a healthy start never races the first request.
        try { await CreateAllAsync(cancellationToken); _ready.TrySetResult(); }
        catch (Exception e) when (StorageFailure.IsUnavailable(e)) { logger.LogWarning("Storage not reachable at start; will keep trying."); }
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!_ready.Task.IsCompleted && !stoppingToken.IsCancellationRequested)
        {
            try { await CreateAllAsync(stoppingToken); _ready.TrySetResult(); }
            catch (Exception e) when (StorageFailure.IsUnavailable(e))
            {
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken).ContinueWith(_ => { });
            }
        }
    }

    private async Task CreateAllAsync(CancellationToken cancellationToken)
    {
        foreach (var table in StorageNames.Tables)
            await tables.CreateTableIfNotExistsAsync(table, cancellationToken);
        foreach (var container in StorageNames.Containers.Except(StorageNames.PublicContainers))
            await blobs.GetBlobContainerClient(container).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await photos.CreateIfNotExistsAsync(cancellationToken);
        foreach (var queue in requiredQueues.Select(q => q.Name).Distinct())
        {
            await queues.GetQueueClient(queue).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await queues.GetQueueClient(queue + "-poison").CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
    }
}

/// <summary>A queue some capability writes to or listens on; registered so the initializer creates it.</summary>
public sealed record RequiredQueue(string Name);
