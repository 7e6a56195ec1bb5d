using Qxm.Circuits.Ir;

namespace Qxm.Engine.Submission;

/// <summary>A parsed experiment: the unbound circuit and one bound circuit per sweep point.</summary>
public sealed record PreparedExperiment(
    Circuit Circuit,
    IReadOnlyList<IReadOnlyDictionary<string, double>> Points,
    IReadOnlyList<Circuit> BoundCircuits);
