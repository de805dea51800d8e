using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Microsoft.Azure.Functions.Worker;
using OcopTrade.Functions.Observability;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Products;

/// <summary>A listing whose certificate lapsed, queued for suspension.</summary>
public sealed record CertificateLapse(string ProductId);

/// <summary>Every night at 00:05 Vietnam time (17:05 UTC) finds published listings whose certificate expired or was
/// revoked and queues each for suspension: one message per product, so one failure never holds up the rest.</summary>
public sealed class CertificateExpirySweep(ProductStore products, QueueServiceClient queues, TimeProvider clock)
{
    public const string DefaultSchedule = "0 5 17 * * *";

    [Function(nameof(CertificateExpirySweep))]
    public async Task<JobResult> Run(
        [TimerTrigger("%CertificateSweepSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var queue = queues.GetQueueClient(SuspendLapsedListing.Queue);
        var count = 0;
        await foreach (var product in products.PublishedWithLapsedCertificateAsync(CertificateValidity.TodayInVietnam(clock), cancellationToken))
        {
            await queue.SendJobAsync(new CertificateLapse(product.Id), cancellationToken);
            count++;
        }
        return JobResult.Done(new JsonObject { ["queued"] = count }, $"Queued {count} listings with lapsed certificates.");
    }
}

/// <summary>Suspends one listing whose certificate lapsed. Idempotent: a repeated or retried message finds the
/// listing already suspended (or re-certified) and changes nothing.</summary>
public sealed class SuspendLapsedListing(ProductStore products, TimeProvider clock)
{
    public const string Queue = "certificate-lapses";

    [Function(nameof(SuspendLapsedListing))]
    public async Task<JobResult> Run([QueueTrigger(Queue)] CertificateLapse lapse, CancellationToken cancellationToken)
    {
        var found = await products.FindAsync(lapse.ProductId, cancellationToken);
        if (found is not { } current) return JobResult.Done(null, $"{lapse.ProductId}: no such product; nothing to do.");

        var change = current.Product.SuspendForLapse(CertificateValidity.TodayInVietnam(clock), clock.GetUtcNow());
        if (change.Refused)
            return JobResult.Done(null, $"{lapse.ProductId}: not a published listing with a lapsed certificate; nothing to do.");

        // A concurrent edit wins; the failure makes the queue retry against the fresh version.
        _ = await products.ReplaceAsync(change.Product, current.ETag, cancellationToken)
            ?? throw new InvalidOperationException($"{lapse.ProductId} changed while suspending; will retry.");
        return JobResult.Done(new JsonObject { ["suspended"] = lapse.ProductId },
            $"{lapse.ProductId}: suspended ({change.Product.StatusReason}).");
    }
}
