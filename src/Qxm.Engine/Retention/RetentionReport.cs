namespace Qxm.Engine.Retention;

/// <summary>What one retention pass did (or, dry, would do), a line per kind and tenant that had anything due.</summary>
public sealed record RetentionReport(DateTimeOffset At, bool DryRun, IReadOnlyList<RetentionLine> Lines);
