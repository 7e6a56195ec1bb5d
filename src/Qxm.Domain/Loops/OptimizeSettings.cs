namespace Qxm.Domain.Loops;

/// <summary>The <c>optimize:</c> section of a <c>kind: optimize</c> experiment: what to minimise (or maximise), from
/// where, how, and when to stop. Each evaluation of the objective is one run of the experiment with the optimised
/// inputs fixed.</summary>
/// <param name="Objective">The name of one of the experiment's observables, whose value at the run's first sweep point is the
/// objective; or <see cref="PostHookObjective"/>, the value the experiment's post hook answers for each run's counts.</param>
/// <param name="Initial">The optimised circuit inputs and their starting values, in order.</param>
public sealed record OptimizeSettings(string Objective, IReadOnlyList<KeyValuePair<string, double>> Initial)
{
    /// <summary>The objective that names the experiment's post hook: a cost function over counts, computed outside qxm.</summary>
    public const string PostHookObjective = "hooks.post";

    /// <summary>True when the post hook computes the objective (<see cref="PostHookObjective"/>).</summary>
    public bool HasPostHookObjective() => string.Equals(Objective, PostHookObjective, StringComparison.Ordinal);

    public bool Maximize { get; init; }

    public OptimizerMethod Method { get; init; } = OptimizerMethod.NelderMead;

    /// <summary>Nelder-Mead's initial simplex size, SPSA's perturbation c, the gradient method's learning rate.</summary>
    public double Step { get; init; } = 0.2;

    /// <summary>Evaluations (runs) at most, 1 to 100,000.</summary>
    public int MaxIterations { get; init; } = 200;

    /// <summary>Convergence: Nelder-Mead stops when its simplex's values agree within it, the gradient method when the
    /// gradient's norm falls below it. SPSA runs its iterations.</summary>
    public double Tolerance { get; init; } = 1e-6;

    /// <summary>Shots over all runs at most; null for no budget. Checked before each run, so the budget is never exceeded.</summary>
    public long? MaxShots { get; init; }

    /// <summary>Wall time of the loop at most, in seconds; null for none.</summary>
    public double? MaxSeconds { get; init; }

    /// <summary>Money over all runs at most, at the backend's price per shot; null for none.</summary>
    public decimal? MaxCost { get; init; }

    /// <summary>Seeds the optimizer's random choices (SPSA's perturbations) and each run's simulator seed.</summary>
    public ulong Seed { get; init; }
}
