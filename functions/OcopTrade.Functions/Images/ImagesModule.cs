using OcopTrade.Functions.Runtime;

namespace OcopTrade.Functions.Images;

public static class ImagesModule
{
    public static IServiceCollection AddImages(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(ImageLimits.From(configuration));
        services.AddSingleton<ImageStore>();
        services.AddQueueFunction<ProcessImage>(ProcessImage.Name, ProcessImage.Queue);
        return services;
    }
}
