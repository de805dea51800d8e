using System.Diagnostics;
using System.Text.RegularExpressions;

namespace OcopTrade.Functions.Observability;

/// <summary>The id that ties together everything one request caused: its log lines, the queue messages it sent, and
/// the log lines of the jobs that ran them (and of the messages those sent). It flows with the async context.</summary>
public static partial class Correlation
{
    public const string Header = "X-Correlation-Id";
    public const string LogProperty = "CorrelationId";

    private static readonly AsyncLocal<string?> Ambient = new();

    /// <summary>The id of the work being done now, or null outside any request or job.</summary>
    public static string? Current => Ambient.Value;

    /// <summary>Ids clients may choose: short, and nothing that could forge a log line or a header.</summary>
    [GeneratedRegex("^[A-Za-z0-9._:-]{1,64}$")]
    private static partial Regex Acceptable();

    public static bool IsAcceptable(string? id) => id is not null && Acceptable().IsMatch(id);

    /// <summary>A fresh id: the W3C trace id when there is a trace, so logs and traces join on one value.</summary>
    public static string NewId() =>
        Activity.Current is { TraceId: var trace } && trace != default ? trace.ToHexString() : ActivityTraceId.CreateRandom().ToHexString();

    /// <summary>Makes <paramref name="id"/> current for the caller's async flow and puts it on every log line
    /// written meanwhile (a logging scope; scopes are shared by all loggers of the factory).</summary>
    public static IDisposable Begin(string id, ILogger logger)
    {
        var previous = Ambient.Value;
        Ambient.Value = id;
        Activity.Current?.SetTag("ocop.correlation_id", id);
        var scope = logger.BeginScope(new Dictionary<string, object> { [LogProperty] = id });
        return new Restore(() => { scope?.Dispose(); Ambient.Value = previous; });
    }

    private sealed class Restore(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }

    /// <summary>Takes the caller's <c>X-Correlation-Id</c> when it is acceptable (a portal or a till can then find its
    /// request in our logs), otherwise makes one; answers it in the same header.</summary>
    public static IApplicationBuilder UseCorrelation(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("OcopTrade.Correlation");
        return app.Use(async (context, next) =>
        {
            var sent = context.Request.Headers[Header].ToString();
            var id = IsAcceptable(sent) ? sent : NewId();
            context.Response.Headers[Header] = id;
            using (Begin(id, logger)) await next();
        });
    }
}
