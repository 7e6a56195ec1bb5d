namespace Qxm.Domain.Backends;

/// <summary>Dynamic-circuit and timing capabilities of a target.</summary>
/// <param name="MidCircuitMeasurement">A qubit may be operated on after it was measured.</param>
/// <param name="Reset">Qubits may be reset to |0⟩ during the circuit.</param>
/// <param name="FeedForward">Operations may be conditioned on measurement results (<c>if</c>).</param>
/// <param name="Timing">Delays and boxes are honoured (OpenQASM 3 timing).</param>
public sealed record TargetFeatures(bool MidCircuitMeasurement, bool Reset, bool FeedForward, bool Timing)
{
    public static readonly TargetFeatures All = new(true, true, true, true);
}
