namespace Qxm.Domain.Backends;

/// <summary>The most qubits a simulator holds in memory at one amplitude precision.</summary>
/// <param name="Precision">The run option's value: <c>double</c> or <c>single</c>.</param>
/// <param name="BytesPerAmplitude">What one amplitude costs at that precision (with the simulator's working tables).</param>
/// <param name="MaxQubits">The widest state of that precision that fits.</param>
public sealed record PrecisionLimit(string Precision, int BytesPerAmplitude, int MaxQubits);
