namespace Qxm.Engine.Retention;

/// <param name="Kind"><see cref="RetentionKinds"/>: what went (or would go).</param>
/// <param name="Tenant">Whose; null for orphaned artifacts, which belong to no run.</param>
/// <param name="Runs">Runs affected.</param>
/// <param name="Artifacts">Artifacts moved or deleted from the primary store.</param>
/// <param name="Bytes">Bytes freed in the primary store (for Rejected runs, the size of their stored record).</param>
public sealed record RetentionLine(string Kind, string? Tenant, int Runs, int Artifacts, long Bytes);
