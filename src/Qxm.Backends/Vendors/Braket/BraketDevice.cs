namespace Qxm.Backends.Vendors.Braket;

/// <summary>A Braket device as AWS publishes it: its qubits, the most shots a task may ask, the gates of its OpenQASM
/// action under Braket's names, and its price.</summary>
internal sealed record BraketDevice(int Qubits, int MaxShots, IReadOnlyList<string> Gates, PriceModel Prices);
