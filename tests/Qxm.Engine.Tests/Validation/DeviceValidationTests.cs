using Qxm.Circuits.Validation;
using Qxm.Domain.Errors;

namespace Qxm.Engine.Tests.Validation;

/// <summary>Every validation rule on every shipped fake device: the rule fires where the device lacks what the circuit
/// needs, stays silent where it has it, and says where and how to fix it. Lines count the 3-line header.</summary>
public sealed class DeviceValidationTests
{
    [Theory]
    [MemberData(nameof(DeviceCase.Names), MemberType = typeof(DeviceCase))]
    public void NativeCircuit_OnItsDevice_HasNoErrors(string name)
    {
        var d = DeviceCase.Get(name);
        var body = $"qubit[{d.Device.Target.Qubits}] q;\nbit[2] c;\n{d.OneQubit} q[{d.Coupled.A}];\n{d.TwoQubit} q[{d.Coupled.A}], q[{d.Coupled.B}];\n"
            + $"c[0] = measure q[{d.Coupled.A}];\nc[1] = measure q[{d.Coupled.B}];\n";

        Assert.Empty(Validate.Errors(Validate.Program(body, d.Device.Target, d.Device.BackendId)));
    }

    [Theory]
    [MemberData(nameof(DeviceCase.Names), MemberType = typeof(DeviceCase))]
    public void TooManyQubits_IsAnError(string name)
    {
        var d = DeviceCase.Get(name);
        var qubits = d.Device.Target.Qubits + 1;

        var error = Assert.Single(Validate.Errors(Validate.Program($"qubit[{qubits}] q;\n", d.Device.Target, d.Device.BackendId)));

        Assert.Equal(ValidationRules.TooManyQubits, error.Rule);
        Assert.Contains($"uses {qubits} qubits but backend '{d.Device.BackendId}' has {qubits - 1}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("heavyhex27", "rewrite 'h a;' as 'rz(pi/2) a; sx a; rz(pi/2) a;'")]
    [InlineData("square9", "rewrite 'h a;' as 'rz(pi/2) a; sx a; rz(pi/2) a;'")]
    [InlineData("ion25", "rewrite 'h a;' as 'gpi2(0.25) a; gpi(0) a;'")]
    public void NonNativeGate_IsAnErrorAtTheGate_WithItsDecomposition(string name, string hint)
    {
        var d = DeviceCase.Get(name);

        var error = Assert.Single(Validate.Errors(Validate.Program("qubit[2] q;\n\nh q[1];\n", d.Device.Target, d.Device.BackendId)));

        Assert.Equal(ValidationRules.NonNativeOperation, error.Rule);
        Assert.Equal(("c.qasm", 6, 1), (error.File, error.Line, error.Column));
        Assert.StartsWith($"h is not native on {d.Device.BackendId} (native: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(hint, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("heavyhex27", "cz", "rewrite 'cz a, b;' as")]
    [InlineData("square9", "cx", "rewrite 'cx a, b;' as")]
    [InlineData("ion25", "cx", "rewrite 'cx a, b;' as 'gpi2(0.75) a; ms(0, 0) a, b;")]
    public void NonNativeTwoQubitGate_NamesTheStandardDecomposition(string name, string gate, string hint)
    {
        var d = DeviceCase.Get(name);

        var error = Assert.Single(Validate.Errors(Validate.Program($"qubit[2] q;\n{gate} q[{d.Coupled.A % 2}], q[{1 - (d.Coupled.A % 2)}];\n", d.Device.Target, d.Device.BackendId)));

        Assert.Equal(ValidationRules.NonNativeOperation, error.Rule);
        Assert.Contains(hint, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NonNativeWithoutStandardRewrite_PointsToTranspiling()
    {
        var d = DeviceCase.HeavyHex;

        var error = Assert.Single(Validate.Errors(Validate.Program("qubit[3] q;\nccx q[0], q[1], q[2];\n", d.Device.Target, d.Device.BackendId)));

        Assert.Contains("transpile the circuit to the basis {rz, sx, x, cx} first", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(DeviceCase.Names), MemberType = typeof(DeviceCase))]
    public void UncoupledPair_IsAnErrorNamingThePair_UnlessAllToAll(string name)
    {
        var d = DeviceCase.Get(name);
        var (a, b) = d.Uncoupled ?? (0, d.Device.Target.Qubits - 1);
        var body = $"qubit[{d.Device.Target.Qubits}] q;\n{d.TwoQubit} q[{a}], q[{b}];\n";

        var errors = Validate.Errors(Validate.Program(body, d.Device.Target, d.Device.BackendId));

        if (d.Uncoupled is null)
        {
            Assert.Empty(errors);
            return;
        }

        var error = Assert.Single(errors);
        Assert.Equal(ValidationRules.UncoupledQubits, error.Rule);
        Assert.Equal((5, 1), (error.Line, error.Column));
        Assert.Contains($"qubits {a} and {b} are not coupled on {d.Device.BackendId}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReversedDirection_OnDirectedDevice_SaysWhichWayItRuns()
    {
        var d = DeviceCase.HeavyHex;

        var error = Assert.Single(Validate.Errors(Validate.Program("qubit[27] q;\ncx q[1], q[0];\n", d.Device.Target, d.Device.BackendId)));

        Assert.Equal(ValidationRules.UncoupledQubits, error.Rule);
        Assert.Contains("runs only in the direction (0, 1)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(DeviceCase.Names), MemberType = typeof(DeviceCase))]
    public void ShotsAndCircuitsOverTheLimits_AreErrors(string name)
    {
        var d = DeviceCase.Get(name);
        var target = d.Device.Target;
        var points = Enumerable.Range(0, target.MaxCircuits + 1).Select(i => (IReadOnlyDictionary<string, double>)new Dictionary<string, double> { ["t"] = i }).ToList();

        var errors = Validate.Errors(Validate.Program($"input float t;\nqubit[1] q;\n{d.OneQubit} q[0];\n", target, d.Device.BackendId, target.MaxShots + 1, points));

        Assert.Equal([ValidationRules.TooManyShots, ValidationRules.TooManyCircuits], errors.Select(e => e.Rule));
        Assert.Equal(("shots", "parameters"), (errors[0].Path, errors[1].Path));
        Assert.Contains($"maximum of {target.MaxShots}", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains($"at most {target.MaxCircuits} circuits per job", errors[1].Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string, string> FeatureCases()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var name in new[] { "heavyhex27", "ion25", "square9" })
        {
            var one = DeviceCase.Get(name).OneQubit;
            data.Add(name, "midCircuitMeasurement", ValidationRules.MidCircuitMeasurement, $"c[0] = measure q[0];\n{one} q[0];\n");
            data.Add(name, "reset", ValidationRules.Reset, "reset q[0];\n");
            data.Add(name, "feedForward", ValidationRules.FeedForward, $"c[0] = measure q[0];\nif (c[0]) {{ {one} q[1]; }}\n");
            data.Add(name, "timing", ValidationRules.Timing, "delay[100ns] q[0];\n");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FeatureCases))]
    public void MissingFeature_IsAnErrorAtTheInstruction_PresentFeature_IsNot(string name, string feature, string rule, string program)
    {
        var d = DeviceCase.Get(name);
        var features = d.Device.Target.Features;
        var supported = feature switch
        {
            "midCircuitMeasurement" => features.MidCircuitMeasurement,
            "reset" => features.Reset,
            "feedForward" => features.FeedForward,
            _ => features.Timing,
        };

        var errors = Validate.Errors(Validate.Program($"qubit[2] q;\nbit[1] c;\n{program}", d.Device.Target, d.Device.BackendId));

        if (supported)
        {
            Assert.Empty(errors);
            return;
        }

        var error = Assert.Single(errors, e => e.Rule == rule);
        Assert.True(error.Line >= 6, error.ToString());
        Assert.Contains(d.Device.BackendId, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(DeviceCase.Names), MemberType = typeof(DeviceCase))]
    public void UnboundAndNonFiniteParameters_AreErrorsAtTheGate(string name)
    {
        var d = DeviceCase.Get(name);
        var gate = d.OneQubit[..d.OneQubit.IndexOf('(', StringComparison.Ordinal)];
        var points = new[] { (IReadOnlyDictionary<string, double>)new Dictionary<string, double> { ["a"] = 0 } };

        var errors = Validate.Errors(Validate.Program($"input float a;\ninput float b;\nqubit[1] q;\n{gate}(b) q[0];\n{gate}(ln(a)) q[0];\n", d.Device.Target, d.Device.BackendId, points: points));

        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Equal(ValidationRules.ParameterValue, e.Rule));
        Assert.Equal([7, 8], errors.Select(e => e.Line));
        Assert.Contains("reads input 'b', which has no value", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("is -∞ (a = 0)", errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CircuitWithManyProblems_ReportsEveryOneAtOnce()
    {
        var d = DeviceCase.Square;
        const string body = """
            input float theta;
            qubit[9] q;
            bit[2] c;
            h q[0];
            cz q[0], q[8];
            reset q[1];
            c[0] = measure q[0];
            rz(theta) q[0];
            if (c[0]) { x q[2]; }
            delay[50ns] q[3];
            c[1] = measure q[2];
            """;

        var diagnostics = Validate.Program(body + "\n", d.Device.Target, d.Device.BackendId, shots: 1_000_000);
        var errors = Validate.Errors(diagnostics).Select(e => (e.Rule, e.Line)).ToList();

        Assert.Equal(
            [
                (ValidationRules.NonNativeOperation, 7),
                (ValidationRules.UncoupledQubits, 8),
                (ValidationRules.TooManyShots, 0),
                (ValidationRules.MidCircuitMeasurement, 11),
                (ValidationRules.Reset, 9),
                (ValidationRules.FeedForward, 12),
                (ValidationRules.Timing, 13),
                (ValidationRules.ParameterValue, 11),
            ],
            errors);
        Assert.All(Validate.Errors(diagnostics).Where(e => e.Line > 0), e => Assert.Equal("c.qasm", e.File));
    }
}
