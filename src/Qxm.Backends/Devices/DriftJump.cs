namespace Qxm.Backends.Devices;

/// <summary>A sudden change of one qubit from <see cref="After"/> (since the device started) on: each figure given
/// replaces the drifting one, as a defect or a degraded readout line would.</summary>
public sealed record DriftJump(TimeSpan After, int Qubit, double? ReadoutError, double? T1Us, double? T2Us);
