using Qxm.Circuits.Ir;

namespace Qxm.Circuits.Tests.Parsing;

public class LibraryGateTests
{
    private static readonly HashSet<string> StdGatesNames =
    [
        "p", "x", "y", "z", "h", "s", "sdg", "t", "tdg", "sx", "rx", "ry", "rz", "cx", "cy", "cz", "cp", "crx", "cry", "crz",
        "ch", "swap", "ccx", "cswap", "cu", "CX", "phase", "cphase", "id", "u1", "u2", "u3",
    ];

    public static TheoryData<string> Qelib1Gates() =>
        [.. GateLibrary.Gates.Select(g => g.Name).Where(n => n is not ("U" or "CX" or "phase" or "cphase") && !IonQNames.Contains(n))];

    public static TheoryData<string> IonQGates() => [.. IonQNames];

    public static TheoryData<string> StdGates() => [.. StdGatesNames];

    private static readonly HashSet<string> IonQNames = ["gpi", "gpi2", "ms"];

    [Theory]
    [MemberData(nameof(Qelib1Gates))]
    public void Parse_Qelib1GateCall_ProducesNativeOperation(string name) =>
        AssertNative(2, name);

    [Theory]
    [MemberData(nameof(StdGates))]
    public void Parse_StdGatesGateCall_ProducesNativeOperation(string name) =>
        AssertNative(3, name);

    [Theory]
    [MemberData(nameof(IonQGates))]
    public void Parse_IonQGateCall_ProducesNativeOperation(string name)
    {
        AssertNative(2, name, "include \"ionq.inc\";\n");
        AssertNative(3, name, "include \"ionq.inc\";\n");
    }

    [Fact]
    public void StdGatesNames_AreAllInTheGateLibrary() =>
        Assert.All(StdGatesNames, n => Assert.True(GateLibrary.TryGet(n, out _), n));

    private static void AssertNative(int version, string name, string extraInclude = "")
    {
        Assert.True(GateLibrary.TryGet(name, out var signature));
        var parameters = Enumerable.Range(1, signature.Parameters).Select(i => i * 0.25).ToArray();
        var qubits = Enumerable.Range(0, signature.Qubits).Reverse().ToArray();
        var call = name
            + (parameters.Length > 0 ? "(" + string.Join(", ", parameters.Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture))) + ")" : "")
            + " " + string.Join(", ", qubits.Select(q => $"q[{q}]")) + ";";
        var source = version == 2
            ? $"{Programs.Header2}{extraInclude}qreg q[{signature.Qubits}];\n{call}\n"
            : $"{Programs.Header3}{extraInclude}qubit[{signature.Qubits}] q;\n{call}\n";

        var circuit = Programs.Valid(source);

        var gate = Assert.IsType<GateOperation>(Assert.Single(circuit.Operations));
        Assert.Equal(name, gate.Name);
        Assert.Equal(qubits, gate.Qubits.ToArray());
        Assert.Equal(parameters, gate.Parameters.Select(p => Assert.IsType<ConstantExpr>(p).Constant).ToArray());
        Assert.Equal(new SourceSpan(extraInclude.Length > 0 ? 5 : 4, 1), gate.Span);
    }
}
