namespace Qxm.Domain.Experiments;

/// <summary>What an experiment needs of a backend when it names none: submission picks an eligible backend.</summary>
/// <param name="MinQubits">At least this many qubits (the circuit's own size is always required too).</param>
/// <param name="NativeGates">The gate family the circuit is written in: each of these must be native.</param>
/// <param name="Connectivity">The coupling the circuit assumes.</param>
/// <param name="MaxCostPerShot">The most one shot may cost.</param>
public sealed record BackendRequirements(
    int? MinQubits = null,
    IReadOnlyList<string>? NativeGates = null,
    Connectivity Connectivity = Connectivity.Any,
    decimal? MaxCostPerShot = null);
