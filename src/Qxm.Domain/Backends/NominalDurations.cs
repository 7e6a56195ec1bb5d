namespace Qxm.Domain.Backends;

/// <summary>Durations a target declares for operations it lists none for, in nanoseconds: a simulator has no pulses, but a
/// program's <c>durationof</c> must mean the same number on every run there, so it states one per kind of operation.</summary>
/// <param name="OneQubitGateNs">Any gate on one qubit.</param>
/// <param name="MultiQubitGateNs">Any gate on two or more qubits.</param>
/// <param name="MeasureNs">A measurement.</param>
/// <param name="ResetNs">A reset.</param>
public sealed record NominalDurations(double OneQubitGateNs, double MultiQubitGateNs, double MeasureNs, double ResetNs)
{
    /// <summary>What qxm's simulators declare (docs/openqasm.md): figures of the order of a superconducting device's.</summary>
    public static readonly NominalDurations Simulator = new(50, 300, 1000, 1000);
}
