using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DualHub.Hub.Tests.Upstreams;

/// <summary>Keeps every log line with its event id.</summary>
internal sealed class ListLogger : ILogger
{
    public ConcurrentQueue<(EventId Id, LogLevel Level, string Message)> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue((eventId, logLevel, formatter(state, exception)));
}
