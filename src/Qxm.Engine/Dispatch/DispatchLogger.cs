using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Qxm.Engine.Dispatch;

/// <summary>The dispatch path's logger, which a host may attach after the engine is built (ASP.NET Core's logging
/// exists only once its host is).</summary>
internal sealed class DispatchLogger : ILogger
{
    private volatile ILogger _inner = NullLogger.Instance;

    public void Attach(ILoggerFactory loggers) => _inner = loggers.CreateLogger("Qxm.Engine.Dispatch");

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => _inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => _inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _inner.Log(logLevel, eventId, state, exception, formatter);
}
