namespace Qxm.Engine.Tests.Vendors.Ibm;

/// <summary>Circuits in the fake IBM device's instruction set.</summary>
internal static class IbmCircuits
{
    /// <summary>A Bell pair or GHZ state in a Heron's instruction set along the first row of qubits: H as rz-sx-rz, CX as
    /// CZ between Hadamards on the target.</summary>
    public static string Ghz(int qubits)
    {
        static string H(int q) => $"rz(pi/2) q[{q}];\nsx q[{q}];\nrz(pi/2) q[{q}];\n";
        var body = H(0);
        for (var q = 1; q < qubits; q++)
        {
            body += H(q) + $"cz q[{q - 1}], q[{q}];\n" + H(q);
        }

        return $"OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[{qubits}] q;\nbit[{qubits}] c;\n{body}c = measure q;\n";
    }
}
