
namespace OcopTrade.Functions.Products;

public static class ProductsModule
{
    public static IServiceCollection AddProducts(this IServiceCollection services)
    {
        services.AddSingleton<ProductStore>();
        services.AddSingleton<ProductStock>();
        services.AddSingleton<CertificateHistoryStore>();
        services.AddSingleton<CertificateWatchStore>();
        return services;
    }
}
