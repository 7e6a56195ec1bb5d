namespace Qxm.Engine.Persistence;

/// <summary>The tenant's limits a new run must fit, checked in the same transaction that stores it, so concurrent
/// submissions cannot together overrun them. <paramref name="DayStart"/> starts the day <paramref name="ShotsPerDay"/> counts;
/// <paramref name="MaxStoredBytes"/> bounds the bytes of the tenant's admitted runs.</summary>
public sealed record AdmissionLimits(int? MaxQueuedRuns, long? ShotsPerDay, DateTimeOffset DayStart, long? MaxStoredBytes = null)
{
    public static readonly AdmissionLimits None = new(null, null, DateTimeOffset.MinValue);

    /// <summary>True when there is nothing to check.</summary>
    public bool IsNone => MaxQueuedRuns is null && ShotsPerDay is null && MaxStoredBytes is null && BudgetPerDay is null && BudgetPerMonth is null;

    /// <summary>US dollars the tenant's runs may cost since <see cref="DayStart"/>, the new run's estimate included.</summary>
    public decimal? BudgetPerDay { get; init; }

    /// <summary>US dollars the tenant's runs may cost since <see cref="MonthStart"/>, the new run's estimate included.</summary>
    public decimal? BudgetPerMonth { get; init; }

    public DateTimeOffset MonthStart { get; init; }
}
