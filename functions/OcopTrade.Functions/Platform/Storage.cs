using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace OcopTrade.Functions.Platform;

/// <summary>Names of the tables and queues the app owns; the deployment creates the same ones.</summary>
public static class StorageNames
{
    public const string AccessKeysTable = "AccessKeys";
    public const string ProducersTable = "Producers";
    public const string ProductsTable = "Products";
    public const string ProductImagesTable = "ProductImages";
    public static readonly string[] Tables = [AccessKeysTable, ProducersTable, ProductsTable, ProductImagesTable];
}

public static class StorageExtensions
{
    /// <summary>Storage clients for the connection named like the Functions host's own (<c>AzureWebJobsStorage</c>).
    /// Retries are few and short: a request a person waits on should fail fast into a 503 they can retry,
    /// rather than hang through the SDK's default back-off.</summary>
    public static IServiceCollection AddOcopStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var connection = configuration["AzureWebJobsStorage"] ?? "UseDevelopmentStorage=true";

        static void Tune(ClientOptions options)
        {
            options.Retry.MaxRetries = 2;
            options.Retry.Delay = TimeSpan.FromMilliseconds(100);
            options.Retry.MaxDelay = TimeSpan.FromSeconds(1);
            options.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        }

        services.AddSingleton(_ =>
        {
            var options = new TableClientOptions();
            Tune(options);
            return new TableServiceClient(connection, options);
        });
        services.AddSingleton(_ =>
        {
            var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
            Tune(options);
            return new QueueServiceClient(connection, options);
        });
        services.AddHostedService<StorageInitializer>();
        return services;
    }
}

/// <summary>Creates the tables and queues once storage answers. It keeps trying in the background so the app
/// starts (and says 503 on /api/health) even when storage is down at boot.</summary>
public sealed class StorageInitializer(
    TableServiceClient tables, QueueServiceClient queues, IEnumerable<RequiredQueue> requiredQueues,
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
        foreach (var queue in requiredQueues.Select(q => q.Name).Distinct())
        {
            await queues.GetQueueClient(queue).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await queues.GetQueueClient(queue + "-poison").CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
    }
}

/// <summary>A queue some capability writes to or listens on; registered so the initializer creates it.</summary>
public sealed record RequiredQueue(string Name);
