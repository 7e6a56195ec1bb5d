using System.Collections.Concurrent;
using Qxm.Domain.Backends;

namespace Qxm.Engine.Resilience;

/// <summary>Each backend's availability as this instance's circuit breakers see it, since when and why.</summary>
internal sealed class BackendHealthBoard(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, BackendHealth> _health = new(StringComparer.Ordinal);
    private readonly DateTimeOffset _start = time.GetUtcNow();

    public BackendHealth Get(string backend) => _health.GetValueOrDefault(backend, new BackendHealth(BackendAvailability.Online, _start, null));

    /// <summary>Records a change; false when the backend was already in that state.</summary>
    public bool Set(string backend, BackendAvailability state, string? reason)
    {
        var previous = Get(backend);
        _health[backend] = new BackendHealth(state, time.GetUtcNow(), reason);
        return previous.State != state;
    }
}
