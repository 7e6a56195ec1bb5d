using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Qxm.Server.Telemetry;

/// <summary>The engine is opened before the host's logging exists; its loggers forward to the host's factory once it is
/// built, and log nothing before.</summary>
internal sealed class DeferredLoggerFactory : ILoggerFactory
{
    private ILoggerFactory _target = NullLoggerFactory.Instance;

    public void Attach(ILoggerFactory target) => _target = target;

    public ILogger CreateLogger(string categoryName) => new ForwardingLogger(this, categoryName);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("add providers to the host's logging");

    public void Dispose()
    {
        // The host owns the target factory.
    }

    private sealed class ForwardingLogger(DeferredLoggerFactory owner, string category) : ILogger
    {
        private ILoggerFactory? _source;
        private ILogger _logger = NullLogger.Instance;

        private ILogger Current
        {
            get
            {
                if (!ReferenceEquals(_source, owner._target))
                {
                    _source = owner._target;
                    _logger = _source.CreateLogger(category);
                }

                return _logger;
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => Current.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => Current.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Current.Log(logLevel, eventId, state, exception, formatter);
    }
}
