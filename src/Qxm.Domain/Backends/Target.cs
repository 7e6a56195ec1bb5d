namespace Qxm.Domain.Backends;

/// <summary>What a backend can run: immutable limits that validation reads.
/// A null <see cref="NativeGates"/> means any gate of the standard library runs natively (a simulator).</summary>
public sealed record Target(
    int Qubits,
    int MaxShots,
    int MaxCircuits,
    IReadOnlyList<string>? NativeGates = null);
