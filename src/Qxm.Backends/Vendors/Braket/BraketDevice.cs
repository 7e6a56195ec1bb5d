namespace Qxm.Backends.Vendors.Braket;

/// <summary>A Braket device as AWS publishes it: its qubits, the most shots a task may ask, the gates of its OpenQASM
/// action under Braket's names, its price, and whether it takes pulse-level programs (Braket's pulse control: OpenPulse
/// <c>cal</c> and <c>defcal</c> blocks in the OpenQASM program, which its <c>GetDevice</c> answer shows as a <c>pulse</c>
/// field).</summary>
internal sealed record BraketDevice(int Qubits, int MaxShots, IReadOnlyList<string> Gates, PriceModel Prices, bool Pulse = false);
