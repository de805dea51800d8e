using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace OcopTrade.Functions.Observability;

/// <summary>OpenTelemetry traces, metrics and logs, sent where configuration says:
/// <list type="bullet">
/// <item><c>Observability:Console=true</c> prints them (local diagnosis; off by default so test output stays readable);</item>
/// <item><c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (standard variable) sends them over OTLP to a collector;</item>
/// <item><c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> (set by the Bicep template) sends them to Application Insights
/// through the Azure Monitor exporter, authenticated as the app's user-assigned managed identity when
/// <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> says <c>Authorization=AAD</c> (the template sets it, with the
/// client id, for the Functions host too, since the component accepts Entra authentication only); without it, by the
/// connection string's instrumentation key.</item>
/// </list>
/// With none of them, the instruments still exist (tests read them with a MeterListener) and nothing is exported.</summary>
public static class ObservabilityModule
{
    public static IHostApplicationBuilder AddObservability(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var console = configuration.GetValue("Observability:Console", false);
        var otlp = !string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var appInsights = configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"] is { Length: > 0 } connection ? connection : null;

        // Created at start so a metrics reader finds the gauge before anything else asks for it.
        builder.Services.AddSingleton<QueueDepth>();
        builder.Services.AddHostedService(s => s.GetRequiredService<QueueDepth>());
        if (!console && !otlp && appInsights is null) return builder;

        var authentication = (configuration["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] ?? "").Split(';')
            .Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        // Entra (managed identity) only when the authentication string asks for it, as the Functions host reads it
        // (the Bicep template sets "ClientId=…;Authorization=AAD"). Without it the connection string's key alone is
        // used: a component with local authentication, or a test's ingestion endpoint over plain http, where
        // Azure.Core refuses to send a bearer token at all.
        var entra = authentication.TryGetValue("Authorization", out var scheme) && scheme.Equals("AAD", StringComparison.OrdinalIgnoreCase);
        var clientId = authentication.GetValueOrDefault("ClientId") ?? configuration["AzureWebJobsStorage:clientId"];
        void AzureMonitor(AzureMonitorExporterOptions o)
        {
            o.ConnectionString = appInsights;
            if (entra)
                o.Credential = new ManagedIdentityCredential(clientId is { Length: > 0 } id ? ManagedIdentityId.FromUserAssignedClientId(id) : ManagedIdentityId.SystemAssigned);
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("OcopTrade.Functions"))
            .WithTracing(t =>
            {
                t.AddSource(OcopTelemetry.Jobs.Name)
                    .AddAspNetCoreInstrumentation(o => o.Filter = c => !c.Request.Path.StartsWithSegments("/api/health"))
                    .AddHttpClientInstrumentation();
                if (console) t.AddConsoleExporter();
                if (otlp) t.AddOtlpExporter();
                if (appInsights is not null) t.AddAzureMonitorTraceExporter(AzureMonitor);
            })
            .WithMetrics(m =>
            {
                m.AddMeter(OcopTelemetry.Meter.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (console) m.AddConsoleExporter();
                if (otlp) m.AddOtlpExporter();
                if (appInsights is not null) m.AddAzureMonitorMetricExporter(AzureMonitor);
            });
        // Logs carry their scopes, so the correlation id is a structured property wherever they land.
        builder.Logging.AddOpenTelemetry(l =>
        {
            l.IncludeScopes = true;
            l.IncludeFormattedMessage = true;
            if (otlp) l.AddOtlpExporter();
            if (appInsights is not null) l.AddAzureMonitorLogExporter(AzureMonitor);
        });
        return builder;
    }
}
