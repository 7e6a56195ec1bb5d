namespace Qxm.Circuits.Ir;

/// <summary>The shape of a library gate: how many qubits it acts on and how many real parameters it takes.</summary>
public sealed record GateSignature(string Name, int Qubits, int Parameters);
