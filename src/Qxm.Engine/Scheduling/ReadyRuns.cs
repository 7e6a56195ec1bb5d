namespace Qxm.Engine.Scheduling;

/// <summary>The queued runs of one backend, kept as one FIFO per tenant and priority class. The policy only ever
/// looks at the head of each FIFO (the oldest run, so also the most aged), which makes a decision cost
/// O(tenants × classes) however many runs wait. Removal of a run that is not at a head is lazy.</summary>
public sealed class ReadyRuns
{
    private const int Classes = 3;
    private readonly Dictionary<string, Queue<QueuedRunInfo>[]> _byTenant = new(StringComparer.Ordinal);
    private readonly HashSet<string> _removed = new(StringComparer.Ordinal);
    private readonly HashSet<string> _present = new(StringComparer.Ordinal);

    public int Count => _present.Count;

    public IEnumerable<string> Tenants => _byTenant.Keys;

    /// <summary>Adds a run. Runs must be added in sequence order within a tenant and class (the order they were queued).</summary>
    public void Add(QueuedRunInfo run)
    {
        if (!_present.Add(run.RunId))
        {
            return;
        }

        _removed.Remove(run.RunId);
        if (!_byTenant.TryGetValue(run.Tenant, out var queues))
        {
            queues = [new(), new(), new()];
            _byTenant[run.Tenant] = queues;
        }

        queues[(int)run.Priority].Enqueue(run);
    }

    public bool Remove(string runId)
    {
        if (!_present.Remove(runId))
        {
            return false;
        }

        _removed.Add(runId);
        return true;
    }

    /// <summary>The oldest live run of a tenant in a class, discarding removed runs found at the head.</summary>
    internal QueuedRunInfo? Head(string tenant, PriorityClass priority)
    {
        if (!_byTenant.TryGetValue(tenant, out var queues))
        {
            return null;
        }

        var queue = queues[(int)priority];
        while (queue.TryPeek(out var head))
        {
            if (!_removed.Remove(head.RunId))
            {
                return head;
            }

            queue.Dequeue();
        }

        return null;
    }

    internal ReadyRuns Copy()
    {
        var copy = new ReadyRuns();
        foreach (var queues in _byTenant.Values)
        {
            for (var c = 0; c < Classes; c++)
            {
                foreach (var run in queues[c].Where(r => _present.Contains(r.RunId)))
                {
                    copy.Add(run);
                }
            }
        }

        return copy;
    }
}
