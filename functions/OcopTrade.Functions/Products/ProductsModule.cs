using OcopTrade.Functions.Runtime;

namespace OcopTrade.Functions.Products;

public static class ProductsModule
{
    public static IServiceCollection AddProducts(this IServiceCollection services)
    {
        services.AddSingleton<ProductStore>();
        services.AddSingleton<CertificateHistoryStore>();
        services.AddTimerFunction<CertificateExpirySweep>(CertificateExpirySweep.Name, "%CertificateSweepSchedule%");
        services.AddQueueFunction<SuspendLapsedListing>(SuspendLapsedListing.Name, SuspendLapsedListing.Queue);
        services.AddSingleton<CertificateWatchStore>();
        services.AddTimerFunction<CertificateWatch>(CertificateWatch.Name, "%CertificateWatchSchedule%");
        return services;
    }
}
