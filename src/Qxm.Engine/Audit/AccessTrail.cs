using System.Threading.Channels;
using Qxm.Domain.Audit;
using Qxm.Engine.Persistence;
using Qxm.Engine.Security;

namespace Qxm.Engine.Audit;

/// <summary>Puts every refused access and every key change on the audit chain, after passing it to
/// <paramref name="inner"/> (the log and the counters). Refusals are decided on synchronous paths that throw, so events
/// queue here and one writer appends them in order; disposing drains the queue.</summary>
public sealed class AccessTrail : IAccessAudit, IAsyncDisposable
{
    /// <summary>Far above what the per-principal rate limits let through; past it an event is counted as dropped.</summary>
    private const int Capacity = 100_000;

    private readonly IAccessAudit _inner;
    private readonly IAuditTrail _trail;
    private readonly Action<Exception>? _appendFailed;
    private readonly Channel<AccessEvent> _queue = Channel.CreateBounded<AccessEvent>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly Task _writer;
    private long _dropped;
    private long _failed;
    private long _appended;

    /// <param name="appendFailed">Told of each append the store refused (the event is then missing from the chain and
    /// counted in <see cref="Failed"/>).</param>
    public AccessTrail(IAccessAudit inner, IAuditTrail trail, Action<Exception>? appendFailed = null)
    {
        _inner = inner;
        _trail = trail;
        _appendFailed = appendFailed;
        _writer = Task.Run(WriteAsync);
    }

    /// <summary>Events not queued because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Events the store refused to append.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Events appended to the chain by this process.</summary>
    public long Appended => Interlocked.Read(ref _appended);

    public void Record(AccessEvent accessEvent)
    {
        ArgumentNullException.ThrowIfNull(accessEvent);
        _inner.Record(accessEvent);
        if (!_queue.Writer.TryWrite(accessEvent))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>The audit entry an access event becomes: refusals as <c>access.*</c> with outcome Denied, key changes as
    /// <c>key.*</c>.</summary>
    public static AuditEntry ToEntry(AccessEvent accessEvent)
    {
        ArgumentNullException.ThrowIfNull(accessEvent);
        var (action, objectType, outcome) = accessEvent.Kind switch
        {
            AccessEventKind.Unauthenticated => ("access.unauthenticated", "request", AuditOutcome.Denied),
            AccessEventKind.Denied => ("access.denied", "request", AuditOutcome.Denied),
            AccessEventKind.Hidden => ("access.hidden", "request", AuditOutcome.Denied),
            AccessEventKind.KeyCreated => ("key.created", "key", AuditOutcome.Succeeded),
            AccessEventKind.KeyRevoked => ("key.revoked", "key", AuditOutcome.Succeeded),
            AccessEventKind.KeyRotated => ("key.rotated", "key", AuditOutcome.Succeeded),
            _ => throw new ArgumentOutOfRangeException(nameof(accessEvent), accessEvent.Kind, "unknown access event kind"),
        };
        var detail = accessEvent.Reason is null ? accessEvent.Action : $"{accessEvent.Action}: {accessEvent.Reason}";
        return new AuditEntry(
            accessEvent.Principal, accessEvent.Principal, accessEvent.Tenant, action, objectType,
            accessEvent.Target ?? accessEvent.Action, outcome, detail);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }

    private async Task WriteAsync()
    {
        await foreach (var accessEvent in _queue.Reader.ReadAllAsync())
        {
            try
            {
                await _trail.AppendAsync(ToEntry(accessEvent), CancellationToken.None);
                Interlocked.Increment(ref _appended);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or IOException or InvalidOperationException or TimeoutException)
            {
                // The store is down or refused: the refusal itself stands; the gap is counted and reported, once per event.
                Interlocked.Increment(ref _failed);
                _appendFailed?.Invoke(e);
            }
        }
    }
}
