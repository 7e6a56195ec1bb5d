namespace Qxm.Domain.Provenance;

/// <summary>A relation between two runs, recorded on both: a reproduction (<c>reproduces</c> / <c>reproduced-by</c>) or a
/// cached answer (<c>cached-from</c> / <c>answered</c>).</summary>
public sealed record RunLink(string Relation, string RunId, DateTimeOffset At, string? Detail = null);
