namespace OcopTrade.Functions.Platform.Contract;

public static class ApiContract
{
    /// <summary>The OpenAPI document at /api/openapi.json, completed from what the endpoints declare.</summary>
    public static IServiceCollection AddApiContract(this IServiceCollection services) => services.AddOpenApi(o => o
        .AddDocumentTransformer<ApiKeySecurity>()
        .AddDocumentTransformer<ApiDocument>()
        .AddOperationTransformer<ApiOperations>());
}
