namespace Qxm.Engine.Audit;

/// <summary>Where the audit key and the checkpoint log live and how often the chain is checkpointed; <see cref="Validate"/> runs at start-up.</summary>
public sealed record AuditOptions
{
    public const string KeyFileName = "audit.key";
    public const string CheckpointFileName = "audit-checkpoints.log";

    /// <summary>The HMAC key file (created with mode 0600 when missing); null means <c>audit.key</c> in the data directory.
    /// Instances over one PostgreSQL database share it like any other secret.</summary>
    public string? KeyFile { get; init; }

    /// <summary>The signed checkpoint log; null means <c>audit-checkpoints.log</c> in the data directory.</summary>
    public string? CheckpointFile { get; init; }

    /// <summary>How often a running instance signs the chain's head when it has moved (1 s..1 h): the window in which
    /// the newest events could be deleted from the tail unnoticed.</summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromSeconds(10);

    public void Validate()
    {
        if (CheckpointInterval < TimeSpan.FromSeconds(1) || CheckpointInterval > TimeSpan.FromHours(1))
        {
            throw new ArgumentOutOfRangeException(nameof(CheckpointInterval), CheckpointInterval, "the audit checkpoint interval must be between 1 s and 1 h");
        }
    }
}
