using System.Collections.Frozen;

namespace Qxm.Circuits.Ir;

/// <summary>The gates the simulators implement natively: the OpenQASM built-ins (<c>U</c>, <c>CX</c>),
/// every gate of <c>qelib1.inc</c> and of <c>stdgates.inc</c>, and the trapped-ion gates of <c>ionq.inc</c>
/// (phases in turns). Names are case-sensitive, as in OpenQASM.
/// Qubit order follows the call: for controlled gates the controls come first.</summary>
public static class GateLibrary
{
    private static readonly GateSignature[] All =
    [
        new("U", 1, 3), new("CX", 2, 0),
        new("u3", 1, 3), new("u2", 1, 2), new("u1", 1, 1), new("u0", 1, 1), new("u", 1, 3),
        new("p", 1, 1), new("phase", 1, 1), new("id", 1, 0),
        new("x", 1, 0), new("y", 1, 0), new("z", 1, 0), new("h", 1, 0),
        new("s", 1, 0), new("sdg", 1, 0), new("t", 1, 0), new("tdg", 1, 0),
        new("sx", 1, 0), new("sxdg", 1, 0),
        new("rx", 1, 1), new("ry", 1, 1), new("rz", 1, 1),
        new("cx", 2, 0), new("cy", 2, 0), new("cz", 2, 0), new("ch", 2, 0), new("swap", 2, 0),
        new("crx", 2, 1), new("cry", 2, 1), new("crz", 2, 1),
        new("cu1", 2, 1), new("cp", 2, 1), new("cphase", 2, 1),
        new("cu3", 2, 3), new("cu", 2, 4), new("csx", 2, 0),
        new("rxx", 2, 1), new("rzz", 2, 1),
        new("ccx", 3, 0), new("cswap", 3, 0), new("rccx", 3, 0),
        new("rc3x", 4, 0), new("c3x", 4, 0), new("c3sqrtx", 4, 0),
        new("c4x", 5, 0),
        new("gpi", 1, 1), new("gpi2", 1, 1), new("ms", 2, 2),
    ];

    private static readonly FrozenDictionary<string, GateSignature> ByName =
        All.ToFrozenDictionary(g => g.Name, StringComparer.Ordinal);

    public static IReadOnlyCollection<GateSignature> Gates => All;

    public static bool TryGet(string name, out GateSignature signature) => ByName.TryGetValue(name, out signature!);
}
