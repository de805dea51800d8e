using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using OcopTrade.Functions.Products;
using Polly;

namespace OcopTrade.Functions.Syndication;

public static class SyndicationModule
{
    /// <summary>How long an open circuit stops calls to a failing marketplace; jobs meeting it wait this long.</summary>
    public static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(5);

    /// <summary>Where each connector points when nothing is configured: the marketplace simulator that ./run.sh starts.</summary>
    public static readonly IReadOnlyDictionary<string, string> SimulatorDefaults = new Dictionary<string, string>
    {
        ["voso"] = "http://localhost:7072/voso/", ["postmart"] = "http://localhost:7072/postmart/api/v2/", ["shopee"] = "http://localhost:7072/",
    };

    public static IServiceCollection AddSyndication(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SyndicationOptions>(configuration.GetSection("Syndication"));
        services.AddSingleton<SyndicationStore>();
        services.AddSingleton<CategoryMappingStore>();
        services.AddSingleton<ChannelSettingsStore>();
        services.AddSingleton<ListingTermsSource>();
        services.AddSingleton<CategoryChangeResync>();
        services.AddSingleton<SyndicationQueues>();
        services.AddSingleton<MarketplaceCredentials>();
        services.AddSingleton<MarketplaceAuthorisationStore>();
        AddTokenVault(services, configuration);
        services.AddSingleton<QueueSettingsProvider>();
        services.AddSingleton<ListingJobs>();
        services.AddSingleton<ResyncOnProductChange>();
        services.AddSingleton<IProductChanges>(sp => sp.GetRequiredService<ResyncOnProductChange>());
        services.AddSingleton<Images.IPhotoChanges>(sp => sp.GetRequiredService<ResyncOnProductChange>());
        services.AddSingleton<Revenue.ILiveMarketplaceListings, LiveListingsForParticipation>();

        AddConnector<VosoConnector>(services, configuration, Channels.Voso);
        AddConnector<PostmartConnector>(services, configuration, Channels.Postmart);
        AddConnector<ShopeeConnector>(services, configuration, Channels.Shopee);

        return services;
    }

    /// <summary>Marketplace tokens go to Key Vault where one is configured (Azure), else to encrypted blobs on the
    /// local emulator (<see cref="ProtectedBlobTokenVault"/>).</summary>
    private static void AddTokenVault(IServiceCollection services, IConfiguration configuration)
    {
        if (configuration["Syndication:Authorisations:KeyVaultUri"] is { Length: > 0 } vault)
        {
            var clientId = configuration["AzureWebJobsStorage:clientId"];
            services.AddSingleton(new Azure.Security.KeyVault.Secrets.SecretClient(new Uri(vault),
                new Azure.Identity.DefaultAzureCredential(
                    new Azure.Identity.DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId })));
            services.AddSingleton<IMarketplaceTokenVault, KeyVaultTokenVault>();
        }
        else services.AddSingleton<IMarketplaceTokenVault, ProtectedBlobTokenVault>();
    }

    /// <summary>A typed client per marketplace with its own pipeline, so each has its own circuit breaker: total
    /// timeout, then retries (exponential, jittered, honouring Retry-After on 429 up to a bound), then the breaker,
    /// then a per-attempt timeout.</summary>
    private static void AddConnector<T>(IServiceCollection services, IConfiguration configuration, Channel channel) where T : class
    {
        var endpoint = configuration.GetSection($"Syndication:Marketplaces:{channel.Name}").Get<MarketplaceEndpoint>() ?? new MarketplaceEndpoint();
        var maxInlineRetryAfter = configuration.GetSection("Syndication").Get<SyndicationOptions>()?.MaxInlineRetryAfter ?? new SyndicationOptions().MaxInlineRetryAfter;
        services.AddHttpClient<T>(client =>
            {
                client.BaseAddress = new Uri(endpoint.BaseUrl is { Length: > 0 } url ? url.TrimEnd('/') + "/" : SimulatorDefaults[channel.Name]);
                client.Timeout = Timeout.InfiniteTimeSpan; // the pipeline's timeouts rule
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                MaxConnectionsPerServer = endpoint.MaxConnections, PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            })
            // The credentials travel in headers and query strings: keep request logging out of the picture.
            .RemoveAllLoggers()
            .AddResilienceHandler(channel.Name, pipeline =>
            {
                pipeline.AddTimeout(endpoint.TotalTimeout);
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = endpoint.MaxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = endpoint.RetryDelay,
                    ShouldRetryAfterHeader = true,
                    // A long Retry-After is not slept through here: the job goes back on its queue for that long instead.
                    ShouldHandle = args => ValueTask.FromResult(
                        HttpClientResiliencePredicates.IsTransient(args.Outcome) &&
                        !(args.Outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests } r &&
                          MarketplaceAnswers.RetryAfter(r) is { } wait && wait > maxInlineRetryAfter)),
                });
                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = 0.5,
                    MinimumThroughput = 10,
                    SamplingDuration = TimeSpan.FromSeconds(30),
                    BreakDuration = BreakDuration,
                    // Throttling is the marketplace working as designed, not failing: it must not open the breaker.
                    ShouldHandle = args => ValueTask.FromResult(
                        HttpClientResiliencePredicates.IsTransient(args.Outcome) && args.Outcome.Result?.StatusCode != HttpStatusCode.TooManyRequests),
                });
                pipeline.AddTimeout(endpoint.AttemptTimeout);
            });
    }
}
