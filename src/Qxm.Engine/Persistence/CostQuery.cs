namespace Qxm.Engine.Persistence;

/// <summary>Which runs' costs to sum and how to group them; a null tenant means every tenant, a null since all time.</summary>
public sealed record CostQuery(CostGrouping By, string? Tenant = null, DateTimeOffset? Since = null);
