using Qxm.Engine.Events;

namespace Qxm.Engine.Persistence;

/// <summary>The global event log: run state changes are appended by the store itself with each transition.</summary>
public interface IEventStore
{
    /// <summary>Events after <paramref name="afterSequence"/> matching <paramref name="filter"/>, oldest first.</summary>
    Task<IReadOnlyList<QxmEvent>> ReadEventsAsync(long afterSequence, EventFilter filter, int limit, CancellationToken cancellationToken);

    /// <summary>The newest event's number; 0 when there is none.</summary>
    Task<long> LatestEventSequenceAsync(CancellationToken cancellationToken);

    /// <summary>Appends an event that is not a run transition (an alert); its sequence is assigned on commit.</summary>
    Task<long> AppendEventAsync(QxmEvent draft, CancellationToken cancellationToken);
}
