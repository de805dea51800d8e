namespace OcopTrade.Functions.Syndication;

/// <summary>Settings under <c>Syndication:</c>.</summary>
public sealed class SyndicationOptions
{
    /// <summary>Edits within this window after the first one make one re-sync.</summary>
    public TimeSpan CoalesceWindow { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>Stock offered on marketplaces: the product model has no inventory yet.</summary>
    public int DefaultStock { get; set; } = 100;
    /// <summary>A 429 whose Retry-After is longer than this is not waited out inside the call: the job goes back on
    /// its queue for that long, so it holds no worker while the marketplace cools down.</summary>
    public TimeSpan MaxInlineRetryAfter { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>How many times a job may go back on its queue for throttling before it counts as failing.</summary>
    public int MaxThrottles { get; set; } = 60;
    /// <summary>Jobs stuck in queued/publishing/retrying longer than this are re-queued by the sweep.</summary>
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromMinutes(15);
    /// <summary>Whether readiness asks for photos. Off only where the marketplaces are told to take listings without
    /// them (the simulator's <c>requireImages: false</c> in tests and benchmarks).</summary>
    public bool RequirePhotos { get; set; } = true;
    public const string SweepSchedule = "0 */10 * * * *";
}

/// <summary>Settings under <c>Syndication:Marketplaces:{channel}:</c>.</summary>
public sealed class MarketplaceEndpoint
{
    public string? BaseUrl { get; set; }
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);
    public int MaxRetries { get; set; } = 3;
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);
    /// <summary>HTTP connections to this marketplace at once (typed clients share a pool per marketplace).</summary>
    public int MaxConnections { get; set; } = 64;
}
