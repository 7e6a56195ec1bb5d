using Qxm.Circuits.Ir;
using Qxm.Engine.Observables;

namespace Qxm.Engine.Submission;

/// <summary>A parsed experiment: the unbound circuit and one bound circuit per sweep point.</summary>
public sealed record PreparedExperiment(
    Circuit Circuit,
    IReadOnlyList<IReadOnlyDictionary<string, double>> Points,
    IReadOnlyList<Circuit> BoundCircuits)
{
    /// <summary>How the experiment's observables are measured; null when it declares none.</summary>
    public MeasurementPlan? Plan { get; init; }

    /// <summary>What the backend runs: the bound circuits, or with observables one circuit per sweep point, noise scale
    /// (1 unless zero-noise extrapolation asks for more) and measurement basis, in that order.</summary>
    public IReadOnlyList<Circuit> JobCircuits { get => field ?? BoundCircuits; private init; }

    /// <summary>Sets <see cref="Plan"/> and the job circuits it needs.</summary>
    public PreparedExperiment WithPlan(MeasurementPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var circuits = new List<Circuit>(BoundCircuits.Count * plan.CircuitsPerPoint);
        foreach (var bound in BoundCircuits)
        {
            foreach (var scale in plan.Scales)
            {
                for (var b = 0; b < plan.Bases.Count; b++)
                {
                    circuits.Add(plan.BasisCircuit(bound, b, scale));
                }
            }
        }

        return this with { Plan = plan, JobCircuits = circuits };
    }
}
