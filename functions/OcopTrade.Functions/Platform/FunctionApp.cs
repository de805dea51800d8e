using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OcopTrade.Functions.Access;
using OcopTrade.Functions.Buyers;
using OcopTrade.Functions.Catalogue;
using OcopTrade.Functions.Dashboard;
using OcopTrade.Functions.Health;
using OcopTrade.Functions.Images;
using OcopTrade.Functions.Linkage;
using OcopTrade.Functions.MarketplaceOrders;
using OcopTrade.Functions.Notifications;
using OcopTrade.Functions.Observability;
using OcopTrade.Functions.Plans;
using OcopTrade.Functions.Platform.Contract;
using OcopTrade.Functions.Portal;
using OcopTrade.Functions.Producers;
using OcopTrade.Functions.Products;
using OcopTrade.Functions.PublicPages;
using OcopTrade.Functions.Revenue;
using OcopTrade.Functions.SalesPoints;
using OcopTrade.Functions.Syndication;
using OcopTrade.Functions.Traceability;
using OcopTrade.Functions.Traceability.Resolver;
using OcopTrade.Functions.TradeEvents;
using Scalar.AspNetCore;

namespace OcopTrade.Functions.Platform;

/// <summary>The worker: every capability's services, the policy its functions run inside, and the HTTP endpoints
/// its functions serve. Program.cs builds it for the Functions host; test fixtures build the same in-process.</summary>
public static class FunctionApp
{
    public static FunctionsApplicationBuilder AddOcopTrade(this FunctionsApplicationBuilder builder)
    {
        // After the ASP.NET Core integration's own middleware, which pairs each invocation with its HttpContext.
        builder.ConfigureFunctionsWebApplication();
        builder.UseMiddleware<JobInvocations>();
        builder.UseMiddleware<HttpPolicy>();
        builder.Services.Configure<WorkerOptions>(QueueMessages.Configure);
        AddPlatform(builder.Services, builder.Configuration);
        AddCapabilities(builder.Services, builder.Configuration);
        builder.AddObservability();
        return builder;
    }

    private static void AddPlatform(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<KestrelServerOptions>(k =>
        {
            k.Limits.MaxRequestBodySize = 1024 * 1024;
            SlowClients.Apply(k.Limits, configuration);
        });
        services.AddSingleton(TimeProvider.System);
        services.AddRouting();
        services.ConfigureHttpJsonOptions(o => Json.ConfigureHttp(o.SerializerOptions));
        services.AddProblemDetails();
        services.AddExceptionHandler<StorageUnavailableHandler>();
        services.AddExceptionHandler<BadRequestHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddApiContract();
        services.AddSingleton(MapEndpoints);
        // OpenAPI describes the endpoints the functions serve (ApiExplorer reads this data source).
        services.Replace(ServiceDescriptor.Singleton<EndpointDataSource>(
            sp => new CompositeEndpointDataSource(sp.GetRequiredService<HttpEndpoints>().DataSources)));
        services.AddOcopStorage(configuration);
        services.AddRateLimits(configuration);
        foreach (var queue in JobQueues.All) services.AddSingleton(new RequiredQueue(queue));
    }

    private static void AddCapabilities(IServiceCollection services, IConfiguration configuration)
    {
        services.AddAccess();
        services.AddProducers();
        services.AddProducts();
        services.AddTraceability(configuration);
        services.AddSalesPoints();
        services.AddRevenue();
        services.AddPlans();
        services.AddDashboard();
        services.AddImages(configuration);
        services.AddPortal();
        services.AddSyndication(configuration);
        services.AddBulkSyndication();
        services.AddMarketplaceOrders();
        services.AddNotifications();
        services.AddTradeEvents();
        services.AddCatalogue();
        services.AddBuyers();
        services.AddLinkage();
    }

    private static HttpEndpoints MapEndpoints(IServiceProvider services)
    {
        var app = new HttpEndpoints(services);
        app.MapHealth();
        app.MapAccess();
        app.MapProducers();
        app.MapProducts();
        app.MapRevenue();
        app.MapPlans();
        app.MapDashboard();
        app.MapImages();
        app.MapResolver();
        app.MapProductPages();
        app.MapBatches();
        app.MapTrace();
        app.MapLotStatus();
        app.MapSalesPoints();
        app.MapPortal();
        app.MapSyndication();
        app.MapBulkSyndication();
        app.MapMarketplaceAuthorisations();
        app.MapMarketplaceOrders();
        app.MapTradeEvents();
        app.MapEventCatalogues();
        app.MapCatalogue();
        app.MapCataloguePage();
        app.MapBuyers();
        app.MapLinkage();
        app.MapOpenApi("/api/openapi.json");
        app.MapScalarApiReference("/api/docs", o => o.WithOpenApiRoutePattern("/api/openapi.json")
            .WithTitle("OcopTrade API").DisableDefaultFonts());
        app.Pair(typeof(FunctionApp).Assembly);
        return app;
    }
}
