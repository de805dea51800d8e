using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using OcopTrade.Functions.Runtime;

using OcopTrade.Functions.Observability;

namespace OcopTrade.Functions.Products;

/// <summary>A listing whose certificate lapsed, queued for suspension.</summary>
public sealed record CertificateLapse(string ProductId);

/// <summary>Every night at 00:05 Vietnam time (17:05 UTC) finds published listings whose certificate expired or was
/// revoked and queues each for suspension: one message per product, so one failure never holds up the rest.</summary>
public sealed class CertificateExpirySweep(ProductStore products, QueueServiceClient queues, TimeProvider clock) : ITriggeredFunction
{
    public const string Name = "CertificateExpirySweep";
    public const string DefaultSchedule = "0 5 17 * * *";

    public async Task<InvocationResult> InvokeAsync(InvocationRequest invocation, CancellationToken cancellationToken)
    {
        var queue = queues.GetQueueClient(SuspendLapsedListing.Queue);
        var count = 0;
        await foreach (var product in products.PublishedWithLapsedCertificateAsync(CertificateValidity.TodayInVietnam(clock), cancellationToken))
        {
            await queue.SendJobAsync(new CertificateLapse(product.Id), cancellationToken);
            count++;
        }
        return InvocationResult.Done(new JsonObject { ["queued"] = count }, $"Queued {count} listings with lapsed certificates.");
    }
}

/// <summary>Suspends one listing whose certificate lapsed. Idempotent: a repeated or retried message finds the
/// listing already suspended (or re-certified) and changes nothing.</summary>
public sealed class SuspendLapsedListing(ProductStore products, TimeProvider clock) : ITriggeredFunction
{
    public const string Name = "SuspendLapsedListing";
    public const string Queue = "certificate-lapses";

    public async Task<InvocationResult> InvokeAsync(InvocationRequest invocation, CancellationToken cancellationToken)
    {
        var lapse = JsonSerializer.Deserialize<CertificateLapse>(invocation.Text("message") ?? "", Platform.Json.Options)
            ?? throw new JsonException("Empty message.");
        var found = await products.FindAsync(lapse.ProductId, cancellationToken);
        if (found is not { } current) return InvocationResult.Done(null, $"{lapse.ProductId}: no such product; nothing to do.");

        var change = current.Product.SuspendForLapse(CertificateValidity.TodayInVietnam(clock), clock.GetUtcNow());
        if (change.Refused)
            return InvocationResult.Done(null, $"{lapse.ProductId}: not a published listing with a lapsed certificate; nothing to do.");

        // A concurrent edit wins; the failure makes the queue retry against the fresh version.
        _ = await products.ReplaceAsync(change.Product, current.ETag, cancellationToken)
            ?? throw new InvalidOperationException($"{lapse.ProductId} changed while suspending; will retry.");
        return InvocationResult.Done(new JsonObject { ["suspended"] = lapse.ProductId },
            $"{lapse.ProductId}: suspended ({change.Product.StatusReason}).");
    }
}
