using System.Numerics;
using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;
using Qxm.Domain.Errors;

namespace Qxm.Circuits.Tests.Parsing;

/// <summary>OpenQASM 3 as SDKs write it: Qiskit's transpiled output on physical qubits, and Amazon Braket's programs,
/// which call Braket's built-in gates without any include.</summary>
public class SdkDialectTests
{
    private const string QiskitTranspiledBell = """
        OPENQASM 3.0;
        include "stdgates.inc";
        bit[2] c;
        rz(pi/2) $0;
        sx $0;
        rz(pi/2) $0;
        cx $0, $1;
        c[0] = measure $0;
        c[1] = measure $1;
        """;

    private const string BraketBell = """
        OPENQASM 3.0;
        bit[2] b;
        qubit[2] q;
        h q[0];
        cnot q[0], q[1];
        b[0] = measure q[0];
        b[1] = measure q[1];
        """;

    private const string BraketVerbatim = """
        OPENQASM 3.0;
        bit[2] b;
        #pragma braket verbatim
        box {
          rx(pi/2) $0;
          cz $0, $1;
          rx(pi/2) $1;
        }
        b[0] = measure $0;
        b[1] = measure $1;
        """;

    [Fact]
    public void Parse_QiskitTranspiledBell_RunsOnThePhysicalQubits()
    {
        var circuit = Programs.Valid(QiskitTranspiledBell);

        Assert.True(circuit.UsesPhysicalQubits);
        Assert.Equal(2, circuit.QubitCount);
        Assert.Empty(circuit.QuantumRegisters);
        Assert.Equal(
            "qubits 2\nclbits 2\nphysical\ncreg c 2 0\nrz(1.5707963267948966) 0\nsx 0\nrz(1.5707963267948966) 0\ncx 0,1\nmeasure 0->0\nmeasure 1->1\n",
            circuit.ToCanonicalString());
    }

    [Fact]
    public void Parse_PhysicalQubitsOutOfOrder_CircuitReachesTheHighest()
    {
        var circuit = Programs.Valid("OPENQASM 3.0;\ninclude \"stdgates.inc\";\nx $4;\nbarrier;\n");

        Assert.Equal(5, circuit.QubitCount);
        Assert.Equal([4], Assert.IsType<GateOperation>(circuit.Operations[0]).Qubits.ToArray());
        Assert.Equal([0, 1, 2, 3, 4], Assert.IsType<BarrierOperation>(circuit.Operations[1]).Qubits.ToArray());
    }

    [Theory]
    [InlineData("qubit q;\nx $0;\n", 4, 3, "physical qubit '$0' in a program that declares qubits ('q'): use either physical or declared qubits")]
    [InlineData("x $1;\nqubit[2] q;\n", 4, 10, "declaring qubit register 'q' in a program that uses physical qubits ($n): use either physical or declared qubits")]
    public void Parse_PhysicalAndDeclaredQubits_Refused(string body, int line, int column, string message)
    {
        var diagnostic = Programs.Error(Programs.Header3 + body);

        Assert.Equal(("qasm.unsupported", line, column, message), (diagnostic.Rule, diagnostic.Line, diagnostic.Column, diagnostic.Message));
    }

    [Theory]
    [InlineData("x $;\n", 3, 3, "expected a qubit number after '$'")]
    [InlineData("gate g a { x $0; }\n", 3, 14, "physical qubit '$0' cannot be used inside a gate body; use a qubit argument")]
    public void Parse_BadPhysicalQubit_SyntaxError(string body, int line, int column, string message)
    {
        var diagnostic = Programs.Error(Programs.Header3 + body);

        Assert.Equal(("qasm.syntax", line, column, message), (diagnostic.Rule, diagnostic.Line, diagnostic.Column, diagnostic.Message));
    }

    [Fact]
    public void Parse_BraketBellWithoutIncludes_ResolvesBraketGatesWithALintNote()
    {
        var result = OpenQasmParser.Parse(BraketBell, "bell.qasm");

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.All(result.Diagnostics, d => Assert.Equal((DiagnosticSeverity.Warning, "qasm.braket-gate"), (d.Severity, d.Rule)));
        Assert.Equal([(4, 1), (5, 1)], result.Diagnostics.Select(d => (d.Line, d.Column)));
        Assert.Contains("gate 'cnot' is resolved from Amazon Braket's built-in gates", result.Diagnostics[1].Message, StringComparison.Ordinal);
        Assert.Equal("h 0\ncx 0,1\nmeasure 0->0\nmeasure 1->1\n", string.Concat(Programs.Text(result.Circuit!).Split('\n').Skip(3).Select(l => l.Length > 0 ? l + "\n" : "")));
    }

    [Fact]
    public void Parse_BraketNameWithAnInclude_IsNotResolved()
    {
        var diagnostic = Programs.Error(Programs.Header3 + "qubit[2] q;\ncnot q[0], q[1];\n");

        Assert.Equal(("qasm.undefined-gate", 4, 1), (diagnostic.Rule, diagnostic.Line, diagnostic.Column));
    }

    [Fact]
    public void Parse_BraketNameDeclaredAsRegister_IsNotResolved()
    {
        var result = OpenQasmParser.Parse("OPENQASM 3.0;\nqubit[1] v;\nv v;\n", "v.qasm");

        Assert.False(result.Succeeded);
        Assert.Equal("qasm.undefined-gate", result.Diagnostics[^1].Rule);
    }

    [Fact]
    public void Parse_BraketVerbatimBox_KeepsThePragmaBeforeTheBox()
    {
        var result = OpenQasmParser.Parse(BraketVerbatim, "verbatim.qasm");

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var circuit = result.Circuit!;
        Assert.True(circuit.UsesPhysicalQubits);
        var directive = Assert.Single(circuit.Directives);
        Assert.Equal(new Directive(DirectiveKind.Pragma, "braket verbatim", 0, new SourceSpan(3, 1)), directive);
        var box = Assert.IsType<BoxOperation>(circuit.Operations[0]);
        Assert.Equal(["rx", "cz", "rx"], box.Body.Cast<GateOperation>().Select(g => g.Name));
        Assert.StartsWith("qubits 2\nclbits 2\nphysical\ncreg b 2 0\npragma braket verbatim\nbox[", circuit.ToCanonicalString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PragmaKeywordAndAnnotations_KeptInOrderBeforeTheirOperations()
    {
        var circuit = Programs.Valid(Programs.Header3 + "qubit q;\npragma qxm.example  keep me \nh q;\n@reversible\n@bind x 1\nx q;\npragma last\n");

        Assert.Equal(
            [
                new Directive(DirectiveKind.Pragma, "qxm.example  keep me", 0, new SourceSpan(4, 1)),
                new Directive(DirectiveKind.Annotation, "@reversible", 1, new SourceSpan(6, 1)),
                new Directive(DirectiveKind.Annotation, "@bind x 1", 1, new SourceSpan(7, 1)),
                new Directive(DirectiveKind.Pragma, "last", 2, new SourceSpan(9, 1)),
            ],
            circuit.Directives.ToArray());
    }

    [Fact]
    public void Parse_HashWithoutPragma_SyntaxError()
    {
        var diagnostic = Programs.Error(Programs.Header3 + "#define x\n");

        Assert.Equal(("qasm.syntax", 3, 1, "expected 'pragma' after '#'"), (diagnostic.Rule, diagnostic.Line, diagnostic.Column, diagnostic.Message));
    }

    public static TheoryData<string, int, int> BraketGates() => new()
    {
        { "i", 1, 0 }, { "si", 1, 0 }, { "ti", 1, 0 }, { "v", 1, 0 }, { "vi", 1, 0 }, { "phaseshift", 1, 1 },
        { "cnot", 2, 0 }, { "ccnot", 3, 0 }, { "cv", 2, 0 }, { "cphaseshift", 2, 1 }, { "cphaseshift00", 2, 1 },
        { "cphaseshift01", 2, 1 }, { "cphaseshift10", 2, 1 }, { "xx", 2, 1 }, { "yy", 2, 1 }, { "zz", 2, 1 },
        { "xy", 2, 1 }, { "iswap", 2, 0 }, { "pswap", 2, 1 },
    };

    /// <summary>Each Braket gate against the matrix Braket documents, written here with qubit j as bit j of the basis
    /// index (Braket writes the first qubit as the most significant bit; the references below are transposed to this).</summary>
    [Theory]
    [MemberData(nameof(BraketGates))]
    public void BraketGate_MatchesBraketsDocumentedMatrix(string name, int qubits, int parameters)
    {
        const double Theta = 0.7;
        var operands = string.Join(", ", Enumerable.Range(0, qubits).Select(q => $"q[{q}]"));
        var call = parameters == 0 ? $"{name} {operands};" : $"{name}({Theta}) {operands};";
        var result = OpenQasmParser.Parse($"OPENQASM 3.0;\nqubit[{qubits}] q;\n{call}\n", "gate.qasm");
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));

        StandardGateDefinitionsTests.AssertEqualUpToPhase(Reference(name, qubits, Theta), StandardGateDefinitionsTests.Unitary(ExpandToBuiltins(result.Circuit!)));
    }

    private static Circuit ExpandToBuiltins(Circuit circuit)
    {
        var operations = new List<Operation>();
        foreach (var gate in circuit.Operations.Cast<GateOperation>())
        {
            var expanded = StandardGateDefinitions.Expand(gate.Name, [.. gate.Parameters.Select(p => p.Value)]);
            operations.AddRange(expanded.Operations.Cast<GateOperation>().Select(g => g with { Qubits = [.. g.Qubits.Select(q => gate.Qubits[q])] }));
        }

        return circuit with { Operations = [.. operations] };
    }

    private static Complex[,] Reference(string name, int qubits, double theta)
    {
        var i = Complex.ImaginaryOne;
        var dim = 1 << qubits;
        var m = new Complex[dim, dim];
        var e = Complex.Exp(i * theta);
        var (c, s) = (Math.Cos(theta / 2), Math.Sin(theta / 2));
        void Diagonal(Func<int, Complex> f)
        {
            for (var k = 0; k < dim; k++)
            {
                m[k, k] = f(k);
            }
        }

        // For two qubits a (bit 0) and b (bit 1): index 1 is a=1,b=0 (Braket's |10>), index 2 is a=0,b=1 (Braket's |01>).
        switch (name)
        {
            case "i":
                Diagonal(_ => 1);
                break;
            case "si" or "ti":
                Diagonal(k => k == 1 ? Complex.Exp(-i * Math.PI / (name == "si" ? 2 : 4)) : 1);
                break;
            case "v" or "vi":
                var sign = name == "v" ? 1 : -1;
                m[0, 0] = m[1, 1] = (1 + (sign * i)) / 2;
                m[0, 1] = m[1, 0] = (1 - (sign * i)) / 2;
                break;
            case "phaseshift":
                Diagonal(k => k == 1 ? e : 1);
                break;
            case "cnot":
                Diagonal(k => k is 0 or 2 ? 1 : 0);
                m[3, 1] = m[1, 3] = 1;
                break;
            case "ccnot":
                Diagonal(k => k is 3 or 7 ? 0 : 1);
                m[7, 3] = m[3, 7] = 1;
                break;
            case "cv":
                Diagonal(k => k is 0 or 2 ? 1 : (1 + i) / 2);
                m[3, 1] = m[1, 3] = (1 - i) / 2;
                break;
            case "cphaseshift":
                Diagonal(k => k == 3 ? e : 1);
                break;
            case "cphaseshift00":
                Diagonal(k => k == 0 ? e : 1);
                break;
            case "cphaseshift01":
                Diagonal(k => k == 2 ? e : 1);
                break;
            case "cphaseshift10":
                Diagonal(k => k == 1 ? e : 1);
                break;
            case "xx":
                Diagonal(_ => c);
                m[3, 0] = m[0, 3] = m[1, 2] = m[2, 1] = -i * s;
                break;
            case "yy":
                Diagonal(_ => c);
                m[1, 2] = m[2, 1] = -i * s;
                m[3, 0] = m[0, 3] = i * s;
                break;
            case "zz":
                Diagonal(k => k is 0 or 3 ? Complex.Exp(-i * theta / 2) : Complex.Exp(i * theta / 2));
                break;
            case "xy":
                Diagonal(k => k is 0 or 3 ? 1 : c);
                m[1, 2] = m[2, 1] = i * s;
                break;
            case "iswap":
                Diagonal(k => k is 0 or 3 ? 1 : 0);
                m[1, 2] = m[2, 1] = i;
                break;
            case "pswap":
                Diagonal(k => k is 0 or 3 ? 1 : 0);
                m[1, 2] = m[2, 1] = e;
                break;
            default:
                throw new ArgumentException(name, nameof(name));
        }

        return m;
    }
}
