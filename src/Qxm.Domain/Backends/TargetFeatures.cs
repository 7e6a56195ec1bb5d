namespace Qxm.Domain.Backends;

/// <summary>Dynamic-circuit and timing capabilities of a target.</summary>
/// <param name="MidCircuitMeasurement">A qubit may be operated on after it was measured.</param>
/// <param name="Reset">Qubits may be reset to |0⟩ during the circuit.</param>
/// <param name="FeedForward">Operations may be conditioned on measurement results (<c>if</c>).</param>
/// <param name="Timing">Delays and boxes are honoured (OpenQASM 3 timing).</param>
public sealed record TargetFeatures(bool MidCircuitMeasurement, bool Reset, bool FeedForward, bool Timing)
{
    /// <summary>The backend hands a program's pulse-level calibrations (<c>defcalgrammar</c>, <c>cal</c>, <c>defcal</c>) to
    /// a device that reads them. None of qxm's built-in backends does (their simulators would run the gates' standard
    /// definitions instead), so it is off unless a backend declares it.</summary>
    public bool PulseCalibration { get; init; }

    public static readonly TargetFeatures All = new(true, true, true, true);
}
