namespace Qxm.Engine.Audit;

/// <summary>The outcome of walking the chain and its checkpoints.</summary>
/// <param name="Events">Events read and checked.</param>
/// <param name="Head">The highest stored position (0 when empty).</param>
/// <param name="Checkpoints">Signed checkpoints checked against the chain.</param>
/// <param name="CheckpointedTo">The highest position a valid checkpoint covers: events after it could still be deleted
/// from the tail unnoticed until the next checkpoint.</param>
/// <param name="BrokenAt">The first position found broken; null when intact (or when the checkpoint log itself is unreadable).</param>
public sealed record AuditVerification(
    bool Intact,
    long Events,
    long Head,
    string? HeadHash,
    int Checkpoints,
    long CheckpointedTo,
    long? BrokenAt = null,
    AuditBreak? Problem = null,
    string? Message = null)
{
    /// <summary>One line for people.</summary>
    public string Summary => Intact
        ? $"audit chain intact: {Events} events, head {Head}" + (HeadHash is null ? "" : $" ({HeadHash[..16]}…)") +
          $", {Checkpoints} signed checkpoints, checkpointed to {CheckpointedTo}"
        : $"audit chain broken at position {BrokenAt?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}: {Message}";
}
