using Qxm.Domain.Runs;

namespace Qxm.Client;

/// <summary>One page of a run listing.</summary>
/// <param name="Runs">The page's runs, in the listing's order.</param>
/// <param name="NextCursor">The opaque cursor of the next page; null on the last.</param>
public sealed record RunPage(IReadOnlyList<Run> Runs, string? NextCursor);
