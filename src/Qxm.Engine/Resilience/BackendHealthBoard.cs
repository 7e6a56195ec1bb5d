using System.Collections.Concurrent;
using Qxm.Domain.Backends;

namespace Qxm.Engine.Resilience;

/// <summary>Each backend's availability as this instance's circuit breakers see it, since when and why.</summary>
internal sealed class BackendHealthBoard(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, BackendHealth> _health = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _downSince = new(StringComparer.Ordinal);
    private readonly DateTimeOffset _start = time.GetUtcNow();

    public BackendHealth Get(string backend) => _health.GetValueOrDefault(backend, new BackendHealth(BackendAvailability.Online, _start, null));

    /// <summary>Since when the backend has been out of service without a break: its breaker open, or probing after a
    /// break (a failed probe opens it again, which does not restart this); null while it is Online.</summary>
    public DateTimeOffset? DownSince(string backend) => _downSince.TryGetValue(backend, out var since) ? since : null;

    /// <summary>Records a change; false when the backend was already in that state.</summary>
    public bool Set(string backend, BackendAvailability state, string? reason)
    {
        var previous = Get(backend);
        var now = time.GetUtcNow();
        _health[backend] = new BackendHealth(state, now, reason);
        if (state == BackendAvailability.Online)
        {
            _downSince.TryRemove(backend, out _);
        }
        else
        {
            _downSince.TryAdd(backend, now);
        }

        return previous.State != state;
    }
}
