namespace Qxm.Engine.Persistence;

/// <summary>A filter over the audit trail; every given field must match.</summary>
/// <param name="RunId">Events about this run (object type <c>run</c>).</param>
/// <param name="Limit">At most this many, the latest (1..10,000).</param>
public sealed record AuditQuery(
    DateTimeOffset? Since = null, string? Actor = null, string? Action = null, string? RunId = null, int Limit = 100);
