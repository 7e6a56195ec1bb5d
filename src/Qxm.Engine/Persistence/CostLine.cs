namespace Qxm.Engine.Persistence;

/// <summary>One group of a cost report, in US dollars.</summary>
/// <param name="Key">The backend id, tenant id or experiment fingerprint.</param>
/// <param name="Runs">Runs in the group.</param>
/// <param name="EstimatedUsd">Their estimates summed.</param>
/// <param name="ActualUsd">The actual costs vendors reported, summed over the runs that have one.</param>
/// <param name="ChargedUsd">Each run at its actual cost where known, else its estimate: what budgets count.</param>
/// <param name="RunsWithActual">Runs whose vendor reported an actual cost.</param>
public sealed record CostLine(string Key, long Runs, decimal EstimatedUsd, decimal ActualUsd, decimal ChargedUsd, long RunsWithActual);
