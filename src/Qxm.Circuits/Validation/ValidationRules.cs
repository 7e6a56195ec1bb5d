namespace Qxm.Circuits.Validation;

/// <summary>The rule ids of target validation and lint (documented in docs/devices.md).</summary>
public static class ValidationRules
{
    public const string TooManyQubits = "target.too-many-qubits";
    public const string NonNativeOperation = "target.non-native-operation";
    public const string UncoupledQubits = "target.uncoupled-qubits";
    public const string TooManyShots = "target.too-many-shots";
    public const string TooManyCircuits = "target.too-many-circuits";
    public const string MidCircuitMeasurement = "target.mid-circuit-measurement";
    public const string Reset = "target.reset";
    public const string FeedForward = "target.feed-forward";
    public const string Timing = "target.timing";
    public const string PulseCalibration = "target.pulse-calibration";
    public const string ParameterValue = "circuit.parameter-value";

    public const string UnusedQubit = "lint.unused-qubit";
    public const string OperationAfterFinalMeasurement = "lint.after-final-measurement";
    public const string OverwrittenMeasurement = "lint.overwritten-measurement";
    public const string SelfInversePair = "lint.self-inverse-pair";
    public const string IdenticalSweepPoints = "lint.identical-sweep-points";

    /// <summary>More diagnostics than this from one rule bury the first ones; the rest are counted in one line.</summary>
    public const int MaxPerRule = 20;
}
