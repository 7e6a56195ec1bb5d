namespace Qxm.Engine.Audit;

/// <summary>What verification found wrong at the first broken position.</summary>
public enum AuditBreak
{
    /// <summary>A position is absent: events were deleted from the middle.</summary>
    Missing,

    /// <summary>The event does not link to the one before it: an event was inserted, deleted or moved before it.</summary>
    Unlinked,

    /// <summary>The event's hash does not match its fields: a field (or the hash) was edited.</summary>
    Altered,

    /// <summary>The event differs from a signed checkpoint: the chain was rewritten with recomputed hashes.</summary>
    Rewritten,

    /// <summary>The chain ends before a signed checkpoint's position: its tail was deleted.</summary>
    Truncated,

    /// <summary>A checkpoint's signature does not verify with the audit key (a forged or edited checkpoint, or another key).</summary>
    BadCheckpoint,
}
