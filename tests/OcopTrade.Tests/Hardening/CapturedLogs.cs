using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OcopTrade.Tests.Hardening;

/// <summary>Every log line the app writes, with its scopes' properties, as a log store would receive it.
/// Add to an app with <c>app.WithServices(s => s.AddSingleton&lt;ILoggerProvider&gt;(logs))</c>.</summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    public sealed record Line(string Category, LogLevel Level, string Message, string? Exception, IReadOnlyDictionary<string, object?> Properties)
    {
        public string? Property(string name) => Properties.TryGetValue(name, out var v) ? v?.ToString() : null;

        /// <summary>Everything a log store would keep of this line, to search for what must never be there.</summary>
        public string Everything => $"{Category} {Message} {Exception} {string.Join(" ", Properties.Select(p => $"{p.Key}={p.Value}"))}";
    }

    private readonly ConcurrentQueue<Line> _lines = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<Line> Lines => [.. _lines];

    public void Attach(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(this);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose() { }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var properties = new Dictionary<string, object?>();
            owner._scopes.ForEachScope((scope, props) => Add(scope, props), properties);
            Add(state, properties);
            owner._lines.Enqueue(new Line(category, logLevel, formatter(state, exception), exception?.ToString(), properties));
        }

        private static void Add(object? state, Dictionary<string, object?> properties)
        {
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs) foreach (var (k, v) in pairs) properties[k] = v;
            else if (state is IEnumerable<KeyValuePair<string, object>> objects) foreach (var (k, v) in objects) properties[k] = v;
            else if (state is not null) properties["Scope." + properties.Count] = state.ToString();
        }
    }
}
