using OcopTrade.Functions.Access;
using OcopTrade.Functions.Health;
using OcopTrade.Functions.Images;
using OcopTrade.Functions.Dashboard;
using OcopTrade.Functions.Observability;
using OcopTrade.Functions.Platform;
using OcopTrade.Functions.Portal;
using OcopTrade.Functions.Plans;
using OcopTrade.Functions.Producers;
using OcopTrade.Functions.Products;
using OcopTrade.Functions.PublicPages;
using OcopTrade.Functions.Revenue;
using OcopTrade.Functions.Runtime;
using OcopTrade.Functions.SalesPoints;
using OcopTrade.Functions.Syndication;
using OcopTrade.Functions.Traceability;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

// Azure's host tells a custom handler its port; locally PORT or 7071, the Functions default.
if (builder.Configuration["FUNCTIONS_CUSTOMHANDLER_PORT"] is { Length: > 0 } hostPort)
    builder.WebHost.UseUrls($"http://127.0.0.1:{hostPort}");
else if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
    builder.WebHost.UseUrls($"http://localhost:{builder.Configuration["PORT"] ?? "7071"}");
builder.WebHost.ConfigureKestrel((context, k) =>
{
    k.Limits.MaxRequestBodySize = 1024 * 1024;
    SlowClients.Apply(k.Limits, context.Configuration);
});
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["CertificateSweepSchedule"] = builder.Configuration["CertificateSweepSchedule"] ?? CertificateExpirySweep.DefaultSchedule,
    ["CertificateWatchSchedule"] = builder.Configuration["CertificateWatchSchedule"] ?? CertificateWatch.Schedule,
});

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.ConfigureHttpJsonOptions(o => Json.ConfigureHttp(o.SerializerOptions));
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<StorageUnavailableHandler>();
builder.Services.AddExceptionHandler<BadRequestHandler>();
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddOpenApi(o => o.AddDocumentTransformer<ApiKeySecurity>());

builder.Services.AddOcopStorage(builder.Configuration);
builder.Services.AddRateLimits(builder.Configuration);
builder.Services.AddAccess();
builder.Services.AddProducers();
builder.Services.AddProducts();
builder.Services.AddTraceability(builder.Configuration);
builder.Services.AddSalesPoints();
builder.Services.AddRevenue();
builder.Services.AddPlans();
builder.Services.AddDashboard();
builder.Services.AddImages(builder.Configuration);
builder.Services.AddPortal();
builder.Services.AddSyndication(builder.Configuration);
builder.Services.AddHttpFunctions();
builder.Services.AddLocalRuntime(builder.Configuration);
builder.AddObservability();

var app = builder.Build();

if (args.FirstOrDefault() == "write-function-json")
{
    var root = args.ElementAtOrDefault(1) ?? Path.Combine(Path.GetDirectoryName(LocalTriggerRuntime.FindUpwards(app.Environment.ContentRootPath, "host.json"))!, "functions", "bindings");
    FunctionJsonFiles.Write(app.Services.GetServices<FunctionDefinition>(), root);
    Console.WriteLine($"Wrote function.json files to {root}");
    return;
}

app.UseForwardedClients(app.Configuration);
app.UseCorrelation();
app.UseSecurityHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseFailedAttemptsThrottle();
app.UseAuthentication();
// Work is admitted only once the caller is known and an anonymous body is in: slow senders count for nothing.
app.UseAnonymousBodyLimits(app.Configuration);
app.UseLoadShedding(app.Configuration);
app.UseSessionCsrfGuard();
app.UseAuthorization();
app.UseRateLimiter();

app.MapHealth();
app.MapAccess();
app.MapProducers();
app.MapProducts();
app.MapRevenue();
app.MapPlans();
app.MapDashboard();
app.MapImages();
app.MapProductPages();
app.MapBatches();
app.MapTrace();
app.MapSalesPoints();
app.MapPortal();
app.MapSyndication();
app.MapFunctionInvocations(app.Services.GetServices<FunctionDefinition>());
app.MapOpenApi("/api/openapi.json");
app.MapScalarApiReference("/api/docs", o => o.WithOpenApiRoutePattern("/api/openapi.json").WithTitle("OcopTrade API").DisableDefaultFonts());

app.Run();

public partial class Program;
