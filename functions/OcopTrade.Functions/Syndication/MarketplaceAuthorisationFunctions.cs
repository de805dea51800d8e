using System.Text.Json.Nodes;
using OcopTrade.Functions.Platform;
using static Microsoft.Azure.Functions.Worker.AuthorizationLevel;

namespace OcopTrade.Functions.Syndication;

/// <summary>The refresh timer (<c>%MarketplaceTokenRefreshSchedule%</c>): every Shopee authorisation whose access
/// token expires within the margin is refreshed before it does, so jobs and order pulls rarely meet an expired
/// one. A refused refresh token lapses that authorisation (the producer is told in the portal); a failure leaves it
/// to the next run, the others go on.</summary>
public sealed class MarketplaceAuthorisationFunctions(
    MarketplaceAuthorisationStore authorisations, IServiceProvider services, TimeProvider clock,
    ILogger<MarketplaceAuthorisationFunctions> logger)
{
    public const string Schedule = "0 */15 * * * *";

    [Function(nameof(RefreshMarketplaceTokens))]
    public async Task<JobResult> RefreshMarketplaceTokens(
        [TimerTrigger("%MarketplaceTokenRefreshSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var shopee = services.GetRequiredService<ShopeeConnector>();
        int refreshed = 0, lapsed = 0, failed = 0;
        await foreach (var authorisation in authorisations.OnAsync(Channels.Shopee.Name, cancellationToken))
        {
            if (!authorisation.NeedsRefresh(clock.GetUtcNow(), shopee.RefreshMargin)) continue;
            try
            {
                await shopee.RefreshAsync(authorisation.ProducerId, null, cancellationToken);
                refreshed++;
            }
            catch (MarketplaceAuthorisationLapsedException) { lapsed++; }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failed++;
                logger.LogWarning("shopee tokens of producer {Producer} not refreshed ({Failure}); the next run " +
                    "tries again", authorisation.ProducerId, e.GetType().Name);
            }
        }
        return JobResult.Done(new JsonObject { ["refreshed"] = refreshed, ["lapsed"] = lapsed, ["failed"] = failed },
            $"shopee: {refreshed} authorisations refreshed, {lapsed} lapsed, {failed} to retry.");
    }
}

/// <summary>A producer's marketplace authorisations and Shopee's consent round trip; handlers and policy in
/// <see cref="MarketplaceAuthorisationEndpoints"/>.</summary>
public static class MarketplaceAuthorisationApiFunctions
{
    [Function(nameof(ListMarketplaceAuthorisations))]
    public static Task ListMarketplaceAuthorisations(
        [HttpTrigger(Anonymous, "get", "head", Route = "api/producers/{producerId}/marketplace-authorisations")]
        HttpRequest request) =>
        HttpEndpoints.Run(request);

    [Function(nameof(StartShopeeAuthorisation))]
    public static Task StartShopeeAuthorisation(
        [HttpTrigger(Anonymous, "get", "head",
            Route = "api/producers/{producerId}/marketplace-authorisations/shopee/start")]
        HttpRequest request) =>
        HttpEndpoints.Run(request);

    [Function(nameof(CompleteShopeeAuthorisation))]
    public static Task CompleteShopeeAuthorisation(
        [HttpTrigger(Anonymous, "get", "head",
            Route = "api/producers/{producerId}/marketplace-authorisations/shopee/callback")]
        HttpRequest request) =>
        HttpEndpoints.Run(request);
}
