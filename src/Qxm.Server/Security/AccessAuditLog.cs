using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Qxm.Engine.Diagnostics;
using Qxm.Engine.Security;

namespace Qxm.Server.Security;

/// <summary>The server's <see cref="IAccessAudit"/>: every refusal and key change is logged once (never with a secret) and
/// counted on the <c>qxm.security</c> instruments declared in <see cref="QxmTelemetry.Security"/>. The audit trail attaches
/// here as a further sink.</summary>
public sealed partial class AccessAuditLog : IAccessAudit, IDisposable
{
    private readonly Counter<long> _denied = QxmTelemetry.Security.Denied;
    private readonly Counter<long> _keyChanges = QxmTelemetry.Security.KeyChanges;
    private long _deniedCount;
    private ILogger _logger = NullLogger.Instance;

    /// <summary>Refusals recorded by this process.</summary>
    public long DeniedCount => Interlocked.Read(ref _deniedCount);

    /// <summary>Further sinks (the audit trail); each sees every event after it is logged.</summary>
    public event Action<AccessEvent>? Recorded;

    /// <summary>The logger exists once the host is built, after the runtime that reports here was opened.</summary>
    internal void Attach(ILogger logger) => _logger = logger;

    public void Record(AccessEvent accessEvent)
    {
        ArgumentNullException.ThrowIfNull(accessEvent);
        var kind = accessEvent.Kind.ToString();
        if (accessEvent.Kind is AccessEventKind.Unauthenticated or AccessEventKind.Denied or AccessEventKind.Hidden)
        {
            Interlocked.Increment(ref _deniedCount);
            _denied.Add(1, new KeyValuePair<string, object?>("kind", kind));
            LogRefused(_logger, kind, accessEvent.Action, accessEvent.Principal, accessEvent.Tenant, accessEvent.Target, accessEvent.Reason);
        }
        else
        {
            _keyChanges.Add(1, new KeyValuePair<string, object?>("kind", kind));
            LogKeyChange(_logger, kind, accessEvent.Target, accessEvent.Principal, accessEvent.Reason);
        }

        Recorded?.Invoke(accessEvent);
    }

    public void Dispose()
    {
        // The instruments are the process's, declared once; nothing of this log's own to release.
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Access refused ({Kind}): {Action} by {Principal} in tenant {Tenant} on {Target}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string kind, string action, string principal, string? tenant, string? target, string? reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "API key {Kind}: {KeyId} by {Actor}: {Reason}")]
    private static partial void LogKeyChange(ILogger logger, string kind, string? keyId, string actor, string? reason);
}
