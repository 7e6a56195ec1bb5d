using System.Collections.Immutable;
using Qxm.Circuits.Export;
using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;
using Qxm.Tests.Shared;

namespace Qxm.Circuits.Tests.Export;

public class OpenQasm3WriterTests
{
    public static TheoryData<string> RepositoryCircuits() => [.. RepositoryFiles.Circuits().Select(c => RepositoryFiles.Path(c))];

    public static TheoryData<string> Programs() => new()
    {
        """
        OPENQASM 2.0;
        include "qelib1.inc";
        qreg q[3];
        qreg r[1];
        creg c[3];
        creg d[1];
        u3(pi/2, -pi/4, 0.125) q[0];
        CX q[0], q[1];
        rzz(0.3) q[1], q[2];
        c3x q[0], q[1], q[2], r[0];
        cu1(-2*pi/3) q[2], r[0];
        barrier q, r;
        measure q -> c;
        if (c == 5) x r[0];
        if (c == 2) measure r[0] -> d[0];
        reset q[1];
        """,
        """
        OPENQASM 3.0;
        include "stdgates.inc";
        input float theta;
        input angle phi;
        qubit[2] q;
        qubit a;
        bit[2] c;
        bit b;
        rx(theta / 2 + phi) q[0];
        ry(-theta) q[1];
        rz(sin(theta) * 2) a;
        U(theta, phi, -0.5) a;
        ctrl @ rz(theta) q[0], q[1];
        negctrl @ x q[1], a;
        inv @ s q[0];
        pow(2) @ t q[1];
        phase(1e-12) q[0];
        cphase(3) q[0], a;
        c = measure q;
        if (c[0] == 1 && !(c[1] == 1)) { x a; } else { z a; h a; }
        if (c >= 2 || c[0] == 0) { y a; }
        b = measure a;
        delay[100ns] q[0];
        delay[2.5us] q[1], a;
        delay[40dt] a;
        stretch st;
        delay[st] q[0];
        box[1us] { x q[0]; delay[10ns] q[1]; }
        box { h a; }
        for int i in [0:2] { rx(i * 0.5) q[i % 2]; }
        def flip(qubit x) { x x; }
        flip(q[1]);
        """,
        """
        OPENQASM 3.0;
        include "stdgates.inc";
        include "ionq.inc";
        qubit[2] q;
        gpi(0.25) q[0];
        gpi2(0.5) q[1];
        ms(0, 0.25) q[0], q[1];
        """,
        """
        OPENQASM 3.0;
        include "stdgates.inc";
        bit[2] c;
        #pragma braket verbatim
        box {
          rz(pi/2) $0;
        }
        @annotated
        sx $0;
        cx $0, $3;
        c[0] = measure $0;
        c[1] = measure $3;
        pragma at the end
        """,
        """
        OPENQASM 3.0;
        include "stdgates.inc";
        qubit[1] q;
        bit[1] c;
        rx(-0.0) q[0];
        input float theta;
        rz(theta + sqrt(-1)) q[0];
        rz(theta - 1e308 * 10) q[0];
        rz(theta + 1e308 * 10) q[0];
        rx(123456789012345678) q[0];
        c[0] = measure q[0];
        """,
        """
        OPENQASM 3.0;
        include "stdgates.inc";
        def coin(qubit t) -> bit { h t; return measure t; }
        qubit[3] q;
        bit[3] c;
        bit[2] flags = "10";
        h q[0];
        c[0] = measure q[0];
        c[1] = coin(q[1]);
        c[2] = c[0] ^ c[1];
        bit both = c[0] & c[1];
        both |= c[2];
        flags = c[0:1];
        c[1:2] = c[0:1];
        while (c[0]) {
          reset q[0];
          h q[0];
          c[0] = measure q[0];
          flags[1] = !flags[1];
        }
        if (flags[0] ^ true) { x q[2]; }
        c[0] = false;
        c <<= 1;
        """,
        """
        OPENQASM 3.0;
        include "stdgates.inc";
        input int[4] n;
        input uint k;
        input bool flag;
        input float theta;
        qubit q;
        rx(n * 0.5 + k - theta) q;
        ry(-flag) q;
        """,
        """
        OPENQASM 3.0;
        include "stdgates.inc";
        input int[4] basis;
        input array[angle[32], 2] params;
        input array[uint[3], 2, 2] m;
        input bool flip;
        qubit q;
        bit c;
        rx(params[0]) q;
        ry(params[1] * m[1][0]) q;
        if (basis == 0 || !(m[0][1] < 2)) { h q; } else { x q; }
        c = measure q;
        if (flip && c) { x q; }
        switch (basis) { case 1, 3 { z q; } default { y q; } }
        """,
        """
        OPENQASM 3.0;
        include "stdgates.inc";
        gate ladder(t) a, b { for int k in [1:2] { rz(k * t) a; cx a, b; } }
        qubit[2] q;
        angle[3] c = pi / 2;
        ladder(0.25) q[0], q[1];
        measure q[0] -> c[2];
        c <<= 1;
        inv @ phase(c) q[1];
        ctrl @ rx(c) q[0], q[1];
        """,
    };

    [Theory]
    [MemberData(nameof(RepositoryCircuits))]
    public void Write_RepositoryCircuit_ParsesBackToTheSameCircuit(string path) =>
        AssertRoundTrip(File.ReadAllText(path), Path.GetFileName(path));

    [Theory]
    [MemberData(nameof(Programs))]
    public void Write_Program_ParsesBackToTheSameCircuit(string source) => AssertRoundTrip(source, "program.qasm");

    [Fact]
    public void Write_DurationOfGates_WritesTheDurationsItWasReadWith()
    {
        var target = new Domain.Backends.Target(2, 1000, 1) { NominalDurations = Domain.Backends.NominalDurations.Simulator };
        var read = OpenQasmParser.Parse(
            "include \"stdgates.inc\";\nstretch g;\nduration d = durationof({ x $0; cx $0, $1; });\nduration e = -0.5 * d + g;\nx $0;\ndelay[2 * d] $1;\ndelay[e] $0;\n",
            "durations.qasm", target: target);
        Assert.True(read.Succeeded, string.Join("; ", read.Diagnostics));

        var text = OpenQasm3Writer.Write(read.Circuit!);

        // Read back without a target: the durations are numbers in the text now.
        Assert.True(text.Contains("delay[700.0ns] $1;", StringComparison.Ordinal), text);
        Assert.Equal(read.Circuit!.ToCanonicalString(), Parse(text, "exported.qasm").ToCanonicalString());
    }

    [Fact]
    public void Write_OpenQasm2Conditional_BecomesAnIfOnTheWholeRegister()
    {
        var circuit = Parse("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[1];\ncreg c[2];\nif (c == 3) x q[0];\n", "c.qasm");

        var text = OpenQasm3Writer.Write(circuit);

        Assert.Contains("if (c == 3) {\n  x q[0];\n}\n", text, StringComparison.Ordinal);
    }

    private static void AssertRoundTrip(string source, string origin)
    {
        var original = Parse(source, origin);

        var text = OpenQasm3Writer.Write(original);
        var reparsed = Parse(text, "exported.qasm");

        var uses = OperationTree.Descendants(original.Operations).OfType<GateOperation>().Any(g => !IsStdGate(g.Name));
        Assert.Equal(Normalize(original, uses).ToCanonicalString(), reparsed.ToCanonicalString());
        Assert.Equal(original.QuantumRegisters.ToArray(), reparsed.QuantumRegisters.ToArray());
        Assert.Equal(original.UsesPhysicalQubits, reparsed.UsesPhysicalQubits);
        Assert.Equal(original.Directives.Select(d => (d.Kind, d.Text, d.OperationIndex)), reparsed.Directives.Select(d => (d.Kind, d.Text, d.OperationIndex)));
        Assert.Equal(original.Inputs.Order(StringComparer.Ordinal), reparsed.Inputs.Order(StringComparer.Ordinal));
        Assert.Equal(text, OpenQasm3Writer.Write(reparsed));
    }

    private static Circuit Parse(string source, string origin)
    {
        var result = OpenQasmParser.Parse(source, origin);
        Assert.True(result.Succeeded, origin + ":\n" + source + "\n" + string.Join("\n", result.Diagnostics));
        return result.Circuit!;
    }

    private static bool IsStdGate(string name) =>
        name is "U" or "CX" or "p" or "x" or "y" or "z" or "h" or "s" or "sdg" or "t" or "tdg" or "sx" or "rx" or "ry" or "rz"
            or "cx" or "cy" or "cz" or "cp" or "crx" or "cry" or "crz" or "ch" or "swap" or "ccx" or "cswap" or "cu" or "phase"
            or "cphase" or "id" or "u1" or "u2" or "u3" or "gpi" or "gpi2" or "ms";

    /// <summary>What the writer changes on purpose: OpenQASM 2 conditionals become OpenQASM 3 ifs, and with qelib1.inc
    /// the stdgates.inc names of the same gates become qelib1's.</summary>
    private static Circuit Normalize(Circuit circuit, bool qelib1) =>
        circuit with { Operations = [.. circuit.Operations.Select(o => Normalize(o, qelib1))] };

    private static Operation Normalize(Operation op, bool qelib1) => op switch
    {
        ConditionalOperation c => new IfOperation(new ClbitComparison(c.Offset, c.Width, "==", c.Value), [Normalize(c.Body, qelib1)], [], c.Span),
        IfOperation i => i with { Then = Normalize(i.Then, qelib1), Else = Normalize(i.Else, qelib1) },
        BoxOperation b => b with { Body = Normalize(b.Body, qelib1) },
        GateOperation g when qelib1 && g.Name is "CX" or "phase" or "cphase" =>
            g with { Name = g.Name switch { "CX" => "cx", "phase" => "p", _ => "cp" } },
        _ => op,
    };

    private static ImmutableArray<Operation> Normalize(ImmutableArray<Operation> ops, bool qelib1) => [.. ops.Select(o => Normalize(o, qelib1))];
}
