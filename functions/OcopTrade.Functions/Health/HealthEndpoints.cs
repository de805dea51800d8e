using Azure.Data.Tables;
using OcopTrade.Functions.Platform;

namespace OcopTrade.Functions.Health;

public sealed record HealthReport(string Status, string Storage);

public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/health", async (TableServiceClient tables, HttpResponse response, CancellationToken cancellationToken) =>
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(3));
                await tables.GetTableClient(StorageNames.ProductsTable).QueryAsync<TableEntity>(maxPerPage: 1, select: ["PartitionKey"], cancellationToken: timeout.Token)
                    .AsPages(pageSizeHint: 1).GetAsyncEnumerator(timeout.Token).MoveNextAsync();
                return Results.Ok(new HealthReport("healthy", "ok"));
            }
            catch (Exception e) when (StorageFailure.IsUnavailable(e) || e is OperationCanceledException or Azure.RequestFailedException)
            {
                response.Headers.RetryAfter = "5";
                return Results.Json(new HealthReport("unhealthy", "unreachable"), statusCode: 503);
            }
        }).WithTags("Health").WithSummary("200 when storage answers, 503 with Retry-After when it does not.")
          .Produces<HealthReport>(200).Produces<HealthReport>(503);
        return app;
    }
}
