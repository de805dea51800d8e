using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;
using OcopTrade.Functions.Images;
using OcopTrade.Functions.Observability;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Products;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace OcopTrade.Functions.Syndication;

/// <summary>Runs one job from a marketplace's queue: decides from the product and the record (not from the message
/// alone: messages arrive late, twice or out of order) whether the listing should be up or down, then asks the
/// connector. Idempotent: a listing already holding this product version is left alone, and the stable SKU makes a
/// crashed attempt's listing the one that is updated.</summary>
public sealed class ListingJobs(
    SyndicationStore store, ProductStore products, ImageStore images, MarketplaceCredentials credentials,
    QueueServiceClient queues, IOptions<SyndicationOptions> options, QueueSettingsProvider queueSettings,
    Traceability.LotAvailability lots, ListingTermsSource termsSource, TimeProvider clock, ILogger<ListingJobs> logger)
{
    public async Task<JobResult> RunAsync(
        Channel channel, IMarketplaceConnector connector, SyndicationJob job, long dequeueCount,
        CancellationToken cancellationToken)
    {
        if (job.Channel != channel.Name) throw new InvalidOperationException($"A {job.Channel} job on the {channel.Name} queue.");
        var attempt = (int)dequeueCount;

        // A job's latency bounds its queue's throughput (batchSize in flight): independent reads go out together.
        var productRead = products.FindAsync(job.ProductId, cancellationToken);
        var recordRead = store.FindAsync(job.ProductId, channel.Name, cancellationToken);
        var imagesRead = images.ListAsync(job.ProductId, cancellationToken);
        await Task.WhenAll(productRead, recordRead, imagesRead);
        if (await productRead is not { } found)
            return JobResult.Done(null, $"{job.ProductId}: no such product; nothing to do.");
        var product = found.Product;
        var tracked = await recordRead;
        var record = tracked?.Record;
        var today = CertificateValidity.TodayInVietnam(clock);
        var intent = record?.Intent ?? job.Action;
        var photos = await imagesRead;
        var terms = (await termsSource.ForAsync(product, cancellationToken))[channel.Name];
        var version = ListingMapper.Version(product, photos, terms);

        // A product whose every lot is held or recalled comes down too (issue 17), whatever the producer asked.
        var withdrawn = intent == JobAction.Publish && Listable(product, today)
            && await lots.WithdrawnAsync(product.Id, today, cancellationToken);
        if (intent == JobAction.Delist || !Listable(product, today) || withdrawn)
            return await DelistAsync(
                channel, connector, job, record, product, intent, attempt, cancellationToken, withdrawn);
        if (record is { State: SyndicationState.Live } && record.SyncedVersion == version)
            return JobResult.Done(null, $"{job.ProductId}/{channel.Name}: already live at this version.");

        var (listing, problems) = ListingMapper.Map(product, channel, photos, options.Value.DefaultStock, today, terms);
        if (listing is null)
            return await SettleAsync(product, channel, SyndicationState.Rejected, "Sản phẩm chưa đủ thông tin để đăng.", problems, version, cancellationToken);
        if (await credentials.ForAsync(channel.Name, product.ProducerId, cancellationToken) is not { } credential)
            return await SettleAsync(product, channel, SyndicationState.NeedsAttention,
                $"Chưa có tài khoản người bán trên {channel.DisplayName} cho nhà sản xuất này; hãy liên hệ quản trị để khai báo.", [], null, cancellationToken);

        // "publishing" is written while the marketplace is being called, not before: the call takes far longer, and
        // the outcome is written only after this write, under its ETag, so history stays in order.
        var marking = UpdateAsync(product, channel, r => r.Moving(SyndicationState.Publishing, $"Đang đăng lên {channel.DisplayName} (lần {attempt}).", clock.GetUtcNow())
            with
        { Attempt = attempt, NextAttemptAt = null }, cancellationToken, tracked);
        PublishOutcome outcome;
        try { outcome = await connector.PublishAsync(credential, listing, record?.ExternalId, cancellationToken); }
        catch (Exception e)
        {
            await marking;
            return await HandleFailureAsync(e, channel, job, product, attempt, cancellationToken) ?? throw e.Rethrown();
        }
        tracked = await marking;
        var now = clock.GetUtcNow();
        if (outcome is Published published)
        {
            await UpdateAsync(product, channel, r => r.Moving(SyndicationState.Live, $"Đang bán trên {channel.DisplayName}.", now) with
            {
                ExternalId = published.ExternalId,
                Url = published.Url,
                Reasons = [],
                SyncedVersion = version,
                NextAttemptAt = null,
                LiveSince = r.LiveSince ?? now,
            }, cancellationToken, tracked);
            return JobResult.Done(null, $"{job.ProductId}/{channel.Name}: live as {published.ExternalId}.");
        }
        var reasons = ((Refused)outcome).Reasons.Select(r => ReasonTexts.Explain(channel, r)).ToList();
        return await SettleAsync(product, channel, SyndicationState.Rejected, $"{channel.DisplayName} từ chối sản phẩm.", reasons, version, cancellationToken, tracked);
    }

    private async Task<JobResult> DelistAsync(
        Channel channel, IMarketplaceConnector connector, SyndicationJob job, SyndicationRecord? record, Product product, JobAction intent,
        int attempt, CancellationToken cancellationToken, bool withdrawn = false)
    {
        var why = intent == JobAction.Delist
            ? $"Nhà sản xuất đã gỡ sản phẩm khỏi {channel.DisplayName}."
            : withdrawn
            ? $"Gỡ khỏi {channel.DisplayName} vì mọi lô hàng của sản phẩm đang bị tạm dừng lưu thông hoặc thu hồi."
            : $"Gỡ khỏi {channel.DisplayName} vì sản phẩm không còn được bán: {product.StatusReason ?? (product.Status == ProductStatus.Published ? "giấy chứng nhận OCOP không còn hiệu lực" : "sản phẩm đã ngừng đăng bán")}";
        if (record is null || record.State == SyndicationState.Delisted)
            return JobResult.Done(null, $"{job.ProductId}/{channel.Name}: not listed; nothing to take down.");
        if (record.ExternalId is not null)
        {
            if (await credentials.ForAsync(channel.Name, product.ProducerId, cancellationToken) is not { } credential)
                return await SettleAsync(product, channel, SyndicationState.NeedsAttention,
                    $"Không gỡ được khỏi {channel.DisplayName}: chưa có tài khoản người bán.", [], null, cancellationToken);
            try { await connector.DelistAsync(credential, record.ExternalId, cancellationToken); }
            catch (Exception e)
            {
                return await HandleFailureAsync(e, channel, job, product, attempt, cancellationToken) ?? throw e.Rethrown();
            }
        }
        await UpdateAsync(product, channel, r => r.Moving(SyndicationState.Delisted, why, clock.GetUtcNow()) with
        {
            Reasons = [why],
            LiveSince = null,
            NextAttemptAt = null,
        }, cancellationToken);
        return JobResult.Done(null, $"{job.ProductId}/{channel.Name}: delisted.");
    }

    /// <summary>Throttling puts the job back for Retry-After without counting an attempt; refused credentials stop at
    /// once; any other failure, expected or not, is shown as retrying and retried by the queue, and the last allowed
    /// attempt records the cause (needs attention) before the message goes to poison, so the producer never watches a
    /// job that quietly died. Returns null to let the exception fail the invocation.</summary>
    private async Task<JobResult?> HandleFailureAsync(
        Exception e, Channel channel, SyndicationJob job, Product product, int attempt, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        switch (e)
        {
            case MarketplaceThrottledException throttled when job.Throttles < options.Value.MaxThrottles:
                var next = now + throttled.RetryAfter;
                await queues.GetQueueClient(channel.Queue).SendMessageAsync(
                    JobMessages.Wrap(job with { Throttles = job.Throttles + 1 }), throttled.RetryAfter, cancellationToken: cancellationToken);
                await UpdateAsync(product, channel, r => r.Moving(SyndicationState.Retrying,
                    $"{channel.DisplayName} đang quá tải (mã 429); sẽ thử lại lúc {Ict(next)}.", now) with
                { NextAttemptAt = next, Attempt = attempt }, cancellationToken);
                return JobResult.Done(null, $"{job.ProductId}/{channel.Name}: throttled; back on the queue for {throttled.RetryAfter.TotalSeconds:F0} s.");
            case MarketplaceAuthorisationLapsedException lapsed:
                // Not a credential to fix but an authorisation to renew: the producer's own step, named as such.
                logger.LogWarning("{Channel} authorisation of producer {Producer} lapsed", channel.Name,
                    product.ProducerId);
                await SettleAsync(product, channel, SyndicationState.NeedsAttention,
                    lapsed.Reason(channel.DisplayName), [lapsed.Reason(channel.DisplayName)], null, cancellationToken);
                return JobResult.Done(null, $"{job.ProductId}/{channel.Name}: authorisation lapsed.");
            case MarketplaceAuthException auth:
                logger.LogWarning("{Channel} refused the credentials of producer {Producer}", channel.Name, product.ProducerId);
                await SettleAsync(product, channel, SyndicationState.NeedsAttention,
                    $"{channel.DisplayName} không chấp nhận tài khoản người bán đã khai báo; cần cập nhật thông tin đăng nhập.", [auth.Message], null, cancellationToken);
                return JobResult.Done(null, $"{job.ProductId}/{channel.Name}: credentials refused.");
            case OperationCanceledException when cancellationToken.IsCancellationRequested:
                return null; // the host is stopping: the message comes back and nothing about the marketplace is known
            default:
                var cause = Cause(channel, e);
                if (cause is null) logger.LogError(e, "Unexpected failure of the {Channel} job for {Product}", channel.Name, product.Id);
                cause ??= $"lỗi hệ thống khi đăng lên {channel.DisplayName}; đội kỹ thuật đã được ghi nhận để kiểm tra";
                if (attempt >= queueSettings.MaxDequeueCount)
                    await SettleAsync(product, channel, SyndicationState.NeedsAttention,
                        $"Không đăng được sau {attempt} lần thử; cần kiểm tra. Nguyên nhân: {cause}", [cause], null, cancellationToken);
                else
                {
                    // An open breaker says "this marketplace is failing right now", not "this job failed": retried
                    // sooner than the break (a short visibilityTimeout), every attempt would meet it and the job would
                    // need attention within a second, though the marketplace recovers. The attempt waits the break out.
                    var wait = e is BrokenCircuitException ? SyndicationModule.BreakDuration : TimeSpan.Zero;
                    var retryAt = now + wait + queueSettings.VisibilityTimeout;
                    await UpdateAsync(product, channel, r => r.Moving(SyndicationState.Retrying,
                        $"Lần thử {attempt} chưa thành công ({cause}); sẽ thử lại lúc {Ict(retryAt)}.", now) with
                    { Attempt = attempt, NextAttemptAt = retryAt }, cancellationToken);
                    await Task.Delay(wait, clock, cancellationToken);
                }
                return null;
        }
    }

    /// <summary>The failure in a producer's words; null for one we did not expect (its message is not for them).</summary>
    private static string? Cause(Channel channel, Exception e) => e switch
    {
        BrokenCircuitException => $"{channel.DisplayName} lỗi liên tục nên tạm ngừng gọi (circuit breaker)",
        TimeoutRejectedException or TaskCanceledException => $"{channel.DisplayName} không trả lời kịp (quá thời gian chờ)",
        HttpRequestException => $"không kết nối được tới {channel.DisplayName}",
        MarketplaceUnavailableException or MarketplaceThrottledException => $"{channel.DisplayName} gặp lỗi: {e.Message}",
        _ => null,
    };

    private static string Ict(DateTimeOffset at) => at.ToOffset(TimeSpan.FromHours(7)).ToString("HH:mm:ss dd/MM/yyyy");

    public static bool Listable(Product product, DateOnly today) =>
        product.Status == ProductStatus.Published &&
        product.CertificateOn(today)?.State is CertificateState.Valid or CertificateState.Expiring;

    private async Task<JobResult> SettleAsync(
        Product product, Channel channel, SyndicationState state, string detail, IReadOnlyList<string> reasons, string? syncedVersion,
        CancellationToken cancellationToken, (SyndicationRecord Record, Azure.ETag ETag)? known = null)
    {
        await UpdateAsync(product, channel, r => r.Moving(state, detail, clock.GetUtcNow()) with
        {
            Reasons = reasons.Count > 0 ? reasons : [detail],
            NextAttemptAt = null,
            SyncedVersion = syncedVersion ?? r.SyncedVersion,
        }, cancellationToken, known);
        return JobResult.Done(null, $"{product.Id}/{channel.Name}: {state}.");
    }

    private Task<(SyndicationRecord Record, Azure.ETag ETag)?> UpdateAsync(
        Product product, Channel channel, Func<SyndicationRecord, SyndicationRecord> change, CancellationToken cancellationToken,
        (SyndicationRecord Record, Azure.ETag ETag)? known = null) =>
        store.UpdateAsync(product.Id, channel.Name, r => change(r ?? New(product, channel, clock.GetUtcNow())), cancellationToken, known);

    public static SyndicationRecord New(Product product, Channel channel, DateTimeOffset now) => new()
    {
        ProductId = product.Id, Channel = channel.Name, ProducerId = product.ProducerId, State = SyndicationState.Queued, UpdatedAt = now,
    };
}

internal static class ExceptionRethrow
{
    /// <summary>Rethrows with the original stack, for use in a throw expression.</summary>
    public static Exception Rethrown(this Exception e)
    {
        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e).Throw();
        return e;
    }
}

/// <summary>host.json's queue settings as this app sees them (maxDequeueCount decides the last attempt).</summary>
public sealed class QueueSettingsProvider(IHostEnvironment environment, IConfiguration configuration)
{
    private readonly Lazy<QueueSettings> _settings = new(() =>
        HostJson.ReadQueueSettings(configuration["Runtime:HostJson"] ?? HostJson.Find(environment), configuration));

    public int MaxDequeueCount => _settings.Value.MaxDequeueCount;
    public TimeSpan VisibilityTimeout => _settings.Value.VisibilityTimeout;
    public int BatchSize => _settings.Value.BatchSize;
}
