using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;
using Qxm.Circuits.Tests.Parsing;
using Qxm.Domain.Backends;

namespace Qxm.Circuits.Tests.Semantics;

/// <summary>What the staged front end lowers beyond the old parser, and what it reads but refuses by name.</summary>
public class LoweringTests
{
    [Fact]
    public void Parse_StretchArithmetic_IsAStretchTheDeviceChooses()
    {
        var circuit = Programs.Valid(Programs.Header3 + "stretch g;\nqubit q;\ndelay[2 * g] q;\ndelay[g + 100ns - g / 2] q;\n");

        Assert.Equal(2, circuit.Operations.Length);
        Assert.All(circuit.Operations, operation =>
        {
            var delay = Assert.IsType<DelayOperation>(operation);
            Assert.Equal("stretch", delay.Unit);
            Assert.True(double.IsNaN(delay.Duration));
        });
    }

    [Fact]
    public void Parse_IntegerCastOfMeasuredBits_IsComparedPerShot()
    {
        var circuit = Programs.Valid(Programs.Header3 + "qubit[2] q;\nbit[2] c;\nc[0] = measure q[0];\nif (int[2](c) == 1) { x q[1]; }\n");

        var branch = Assert.IsType<IfOperation>(circuit.Operations[^1]);
        Assert.Single(branch.Then);
        Assert.Equal(Programs.Text(Programs.Valid(Programs.Header3 + "qubit[2] q;\nbit[2] c;\nc[0] = measure q[0];\nif (c == 1) { x q[1]; }\n")),
            Programs.Text(circuit));
    }

    [Fact]
    public void Parse_IntegerCastOfMeasuredBits_IsStoredInARegisterOfItsOwn()
    {
        var circuit = Programs.Valid(Programs.Header3 + "bit[2] c;\nint[8] n = int[2](c);\n");

        // The register starts at 0 in every shot, so only the two bits that may be 1 are written.
        Assert.Contains(new Register("n", 8, 2), circuit.ClassicalRegisters);
        Assert.Equal([(3, 1), (2, 0)], circuit.Operations.Cast<ClassicalAssignOperation>().Select(a => (a.Clbit, ((ClbitComparison)a.Value).Offset)));
    }

    [Theory]
    [InlineData("qubit q;\nif (true) { defcal g $0 { play p; } }\n", 4, 13, "'defcal' declarations are only allowed in the global scope")]
    [InlineData("qubit q;\nstretch st;\nduration d = durationof({ delay[st] q; });\n", 5, 14, "'durationof' a block with a stretch (the device chooses its length) is not supported")]
    [InlineData("qubit q;\nduration d = durationof({ delay[10ns] q; delay[4dt] q; });\n", 4, 14, "'durationof' a block mixing durations in ns and dt is not supported")]
    [InlineData("qubit q;\ngate g a { rx(durationof({ }) / 1ns) a; }\n", 4, 15, "'durationof' inside a gate body is not supported")]
    [InlineData("def f(readonly int[8] a) { }\n", 3, 7, "'readonly' subroutine parameters is not supported")]
    public void Parse_ReadButUnsupported_IsRefusedByNameAtItsPosition(string body, int line, int column, string message)
    {
        var diagnostic = Programs.Error(Programs.Header3 + body);

        Assert.Equal((line, column, message), (diagnostic.Line, diagnostic.Column, diagnostic.Message));
    }

    [Theory]
    [InlineData("delay[100ns] q[0];\ndelay[50ns] q[1];\ndelay[20ns] q[0];", 120)]
    [InlineData("delay[100ns] q[0];\nbarrier q;\ndelay[10ns] q[1];", 110)]
    [InlineData("delay[100ns] q[0];\ndelay[10ns] q;", 110)]
    [InlineData("box[1us] { delay[10ns] q[0]; }\ndelay[5ns] q[0];\ndelay[7ns] q[1];", 1005)]
    [InlineData("box { delay[30ns] q[1]; delay[3ns] q[1]; }", 33)]
    [InlineData("for int i in [1:3] { delay[i * 1us] q[0]; }", 6000)]
    [InlineData("", 0)]
    public void Parse_DurationOfABlockOfStatedDurations_IsItsLongestQubit(string block, double nanoseconds)
    {
        var circuit = Programs.Valid(Programs.Header3 + "qubit[2] q;\nduration d = durationof({\n" + block + "\n});\ndelay[2 * d] q[0];\n");

        var delay = Assert.IsType<DelayOperation>(circuit.Operations[^1]);
        Assert.Equal((2 * nanoseconds, "ns"), (delay.Duration, delay.Unit));
        Assert.Single(circuit.Operations);
    }

    [Fact]
    public void Parse_DurationOfGates_ReadsTheTargetsDurations()
    {
        var device = new Target(2, 1000, 1)
        {
            Operations = [new TargetOperation("x", 1, DurationNs: 35.5), new TargetOperation("cx", 2, [[0, 1]], DurationNs: 400), new TargetOperation("cx", 2, [[1, 0]], DurationNs: 450)],
        };
        var simulator = new Target(2, 1000, 1) { NominalDurations = NominalDurations.Simulator };

        Assert.Equal(2 * (35.5 + 450 + 35.5), DelayOf("x q[1]; cx q[1], q[0]; x q[0];", device));
        Assert.Equal(2 * (50 + 1000 + 300), DelayOf("h q[0]; c[0] = measure q[0]; reset q[1]; cz q[0], q[1];", simulator));
    }

    [Fact]
    public void Parse_DurationOfGatesWithoutATarget_IsValidOnTheLanguageCheckWithoutACircuit()
    {
        var result = OpenQasmParser.Parse(Programs.Header3 + "qubit q;\nx q;\nduration d = durationof({ x q; });\ndelay[d] q;\n", "test.qasm");

        Assert.True(result.NeedsTargetDurations);
        Assert.Null(result.Circuit);
        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal(("qasm.duration-unknown", 5, 14, false), (warning.Rule, warning.Line, warning.Column, warning.IsError));
        Assert.StartsWith("'durationof' a block with gate 'x': how long it lasts is the backend's", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("y q[0];", "'durationof' a block with gate 'y': the backend states no duration for it on qubits 0")]
    [InlineData("reset q[1];", "'durationof' a block with a reset: the backend states no duration for it on qubits 1")]
    public void Parse_DurationOfAnOperationTheTargetStatesNoDurationFor_IsRefusedNamingIt(string block, string message)
    {
        var device = new Target(2, 1000, 1) { Operations = [new TargetOperation("x", 1, DurationNs: 35.5), new TargetOperation("y", 1)] };

        var result = OpenQasmParser.Parse(Programs.Header3 + "qubit[2] q;\nduration d = durationof({ " + block + " });\n", "test.qasm", target: device);

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(("qasm.duration-unknown", 4, 14, message), (error.Rule, error.Line, error.Column, error.Message));
    }

    [Fact]
    public void Parse_StretchStoredInADuration_MakesTheDelayStretchy()
    {
        var target = new Target(1, 1000, 1) { NominalDurations = NominalDurations.Simulator };
        var result = OpenQasmParser.Parse("stretch a;\nduration d = -0.5 * durationof({ x $0; }) + a;\ndelay[d] $0;\nx $0;\n", "test.qasm", target: target);

        Assert.True(result.Succeeded, string.Join("; ", result.Diagnostics));
        var delay = Assert.IsType<DelayOperation>(result.Circuit!.Operations[0]);
        Assert.Equal("stretch", delay.Unit);
    }

    private static double DelayOf(string block, Target target)
    {
        var result = OpenQasmParser.Parse(Programs.Header3 + "qubit[2] q;\nbit[2] c;\nduration d = durationof({ " + block + " });\ndelay[2 * d] q[0];\n", "test.qasm", target: target);
        Assert.True(result.Succeeded, string.Join("; ", result.Diagnostics));
        var delay = Assert.IsType<DelayOperation>(Assert.Single(result.Circuit!.Operations));
        Assert.Equal("ns", delay.Unit);
        return delay.Duration;
    }

    [Fact]
    public void Parse_ForInAGateBody_IsUnrolledWhereTheGateIsDefined()
    {
        var circuit = Programs.Valid(Programs.Header3 + "const int n = 3;\ngate layer(t) a, b { for int k in [1:n] { rx(k * t) a; cx a, b; } }\nqubit[2] q;\nlayer(0.5) q[1], q[0];\n");

        Assert.Equal(["rx(0.5) 1", "cx 1,0", "rx(1) 1", "cx 1,0", "rx(1.5) 1", "cx 1,0"], OpenQasmParserTests.Operations(circuit));
    }

    [Theory]
    [InlineData("gate g(t) a { for int k in [0:int(t)] { x a; } }\n", "qasm.type", 3, 31)]
    [InlineData("gate g a { for int k in [0:2000000] { x a; } }\n", "qasm.loop-limit", 3, 28)]
    [InlineData("gate g a { for int i in [0:999] { for int j in [0:999] { for int k in [0:9] { x a; } } } }\n", "qasm.loop-limit", 3, 58)]
    [InlineData("gate g a { for int k in [0:2] { x a[k]; } }\n", "qasm.syntax", 3, 36)]
    public void Parse_ForInAGateBody_RefusedBeforeItUnrolls(string body, string rule, int line, int column)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var diagnostic = Programs.Invalid(Programs.Header3 + body)[0];

        Assert.Equal((rule, line, column), (diagnostic.Rule, diagnostic.Line, diagnostic.Column));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Parse_MeasurementIntoAnAngle_MakesItBitsAndARotationByItOneRotationPerBit()
    {
        var circuit = Programs.Valid(Programs.Header3 + "qubit[2] q;\nangle[3] c = 3 * pi / 2;\nc >>= 1;\nmeasure q[0] -> c[2];\ninv @ phase(c) q[1];\n");

        // 3pi/2 is 110 in three bits of a turn; shifted down it is 011, a measurement then writes the top bit.
        var register = Assert.Single(circuit.ClassicalRegisters);
        Assert.Equal(("c", 3), (register.Name, register.Size));
        Assert.Equal(
            ["set 0", "set 1", "measure 0 -> 2"],
            circuit.Operations.Take(3).Select(o => o switch
            {
                ClassicalAssignOperation { Value: ConstantCondition { Value: true } } set => $"set {set.Clbit}",
                MeasureOperation m => $"measure {m.Qubit} -> {m.Clbit}",
                _ => o.ToString()!,
            }));
        var branches = circuit.Operations.Skip(3).Cast<IfOperation>().ToArray();
        Assert.Equal([0, 1, 2], branches.Select(b => Assert.IsType<ClbitComparison>(b.Condition).Offset));
        Assert.Equal(
            [-Math.PI / 4, -Math.PI / 2, -Math.PI],
            branches.Select(b => Assert.IsType<ConstantExpr>(Assert.IsType<GateOperation>(Assert.Single(b.Then)).Parameters[0]).Constant));
    }

    [Theory]
    [InlineData("gate g(t) a { rx(t) a; }\nqubit q;\nangle[2] c;\nmeasure q -> c[0];\ng(c) q;\n", 7, 3, "gate 'g' by an angle held in measured bits (only rotations about one axis, such as rz, p or rx, whose angles add, are split into one rotation per bit) is not supported")]
    [InlineData("qubit q;\nconst angle[2] c = pi;\nmeasure q -> c[0];\n", 5, 14, "storing a measurement in an 'angle' variable (declare a 'bit' instead) is not supported")]
    [InlineData("qubit q;\nangle c;\nc = measure q;\n", 5, 5, "storing a measurement in this 'angle' variable (an angle a measurement writes is a global, non-constant angle[n] with n up to 62) is not supported")]
    public void Parse_MeasuredAngleWhereItCannotRun_IsRefusedByName(string body, int line, int column, string message)
    {
        var diagnostic = Programs.Error(Programs.Header3 + body);

        Assert.Equal(("qasm.unsupported", line, column, message), (diagnostic.Rule, diagnostic.Line, diagnostic.Column, diagnostic.Message));
    }

    [Fact]
    public void Parse_RepeatedOperandsAndConstantParameters_ShareTheirArrays()
    {
        // A long program's circuit is held until the parse ends: repeated operands and parameters are stored once.
        var circuit = Programs.Valid(Programs.Header3 + "qubit[2] q;\nh q[0];\nrz(0.5) q[1];\ncx q[0], q[1];\nh q[0];\nrz(1.0 / 2) q[1];\ncx q[0], q[1];\nrz(-0.0) q[0];\nrz(0.0) q[0];\n");

        var gates = circuit.Operations.Cast<GateOperation>().ToArray();
        Assert.Same(System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsArray(gates[0].Qubits), System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsArray(gates[3].Qubits));
        Assert.Same(System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsArray(gates[2].Qubits), System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsArray(gates[5].Qubits));
        Assert.Same(System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsArray(gates[1].Parameters), System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsArray(gates[4].Parameters));
        Assert.True(double.IsNegative(((ConstantExpr)gates[6].Parameters[0]).Constant));
        Assert.False(double.IsNegative(((ConstantExpr)gates[7].Parameters[0]).Constant));
    }

    [Fact]
    public void Parse_OpenQasm2ConditionPastInt64_IsADiagnosticNotAnException()
    {
        var diagnostic = Programs.Error(Programs.Header2 + "qreg q[1];\ncreg c[1];\nif (c == 9223372036854775808) x q[0];\n");

        Assert.Equal(("qasm.syntax", 5, 10, "integer 9223372036854775808 is too large"), (diagnostic.Rule, diagnostic.Line, diagnostic.Column, diagnostic.Message));
    }

    [Fact]
    public void Parse_CXWithoutAnIncludeInOpenQasm3_SaysWhereItIsDefined()
    {
        var diagnostic = Programs.Error("OPENQASM 3.0;\ngate g a, b { CX a, b; }\n");

        Assert.Equal((2, 15, "gate 'CX' is not defined (missing include \"stdgates.inc\"? OpenQASM 3 defines 'CX' there)"),
            (diagnostic.Line, diagnostic.Column, diagnostic.Message));
    }

    [Fact]
    public void Parse_BitsDeclaredInASubroutine_GetARegisterPerCall()
    {
        var circuit = Programs.Valid(Programs.Header3
            + "def flip(qubit q) { bit local = measure q; if (local == 1) { x q; } }\nqubit[2] r;\nbit[2] c;\nflip(r[0]);\nflip(r[1]);\nc = measure r;\n");

        Assert.Equal(["c", "local_1", "local_2"], circuit.ClassicalRegisters.Select(register => register.Name).Order(StringComparer.Ordinal));
        Assert.Equal(4, circuit.ClbitCount);
        Assert.Equal(2, circuit.Operations.OfType<IfOperation>().Count());
    }

    [Fact]
    public void Parse_BitsDeclaredInABlock_AreScopedToIt()
    {
        var diagnostics = Programs.Invalid(Programs.Header3 + "qubit q;\nif (true) { bit b = measure q; }\nb = measure q;\n");

        Assert.Equal(("qasm.undefined-register", 5, 1), (diagnostics[0].Rule, diagnostics[0].Line, diagnostics[0].Column));
    }

    [Fact]
    public void Parse_BitsDeclaredInASubroutineDefinition_AddNothingUntilCalled()
    {
        var circuit = Programs.Valid(Programs.Header3 + "def f(qubit q) { bit b = measure q; }\nqubit q;\nbit c;\nc = measure q;\n");

        Assert.Equal(["c"], circuit.ClassicalRegisters.Select(register => register.Name));
    }

    [Fact]
    public void Parse_AliasInALoop_NamesItsQubitsForOneIteration()
    {
        var circuit = Programs.Valid(Programs.Header3 + "qubit[4] q;\nfor int i in [0:1] { let pair = q[2 * i:2 * i + 1]; cx pair[0], pair[1]; }\n");

        Assert.Equal(Programs.Text(Programs.Valid(Programs.Header3 + "qubit[4] q;\ncx q[0], q[1];\ncx q[2], q[3];\n")), Programs.Text(circuit));
    }

    [Fact]
    public void Parse_ErrorsAcrossStatementBatches_AreReportedInLineOrderUpToTheLimit()
    {
        // Statements are lowered a batch at a time: a syntax error read ahead must still come after the errors of the
        // statements before it, and the limit must stop at the same statement as if they were read one by one.
        var source = new System.Text.StringBuilder(Programs.Header2 + "qreg q[2];\n");
        for (var i = 0; i < 700; i++)
        {
            source.Append((i % 7) switch
            {
                3 => "h ) q[0];\n",
                5 => "nogate q[0];\n",
                _ => "h q[0];\n",
            });
        }

        var errors = Programs.Invalid(source.ToString()).Where(d => d.IsError).ToList();

        Assert.Equal(100, errors.Count);
        Assert.Equal(errors.Select(d => d.Line).Order(), errors.Select(d => d.Line));
        Assert.Equal(["qasm.syntax", "qasm.undefined-gate"], errors.Take(2).Select(d => d.Rule));
        Assert.Equal(4 + (49 * 7) + 5, errors[^1].Line);
    }
}
