
namespace OcopTrade.Functions.Images;

public static class ImagesModule
{
    public static IServiceCollection AddImages(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(ImageLimits.From(configuration));
        services.AddSingleton<ImageStore>();
        services.AddSingleton<PhotoSlots>();
        services.AddSingleton<ImageProcessor>();
        services.AddSingleton<ProcessingQueue>();
        services.AddSingleton<ReprocessJobs>();
        return services;
    }
}
