using Qxm.Backends.Simulators;
using Qxm.Circuits.Ir;
using Qxm.Domain.Backends;
using Qxm.Domain.Experiments;
using Qxm.Engine.Api;
using Qxm.Engine.Submission;
using Qxm.Engine.Tests.Engine;

namespace Qxm.Engine.Tests.Validation;

/// <summary><c>durationof</c> of gates reads the durations of the backend the program is validated and run for: a fake
/// device's listed gate lengths, the state-vector simulator's nominal ones; read for no backend, it is refused.</summary>
public sealed class GateDurationTests
{
    private const string Program = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] q;\nduration d = durationof({ x q[0]; cx q[0], q[1]; });\nx q[0];\ndelay[d] q[1];\n";

    public static TheoryData<string, double> Backends() => new()
    {
        { "heavyhex27", 35.5 + 400 },
        { StateVectorBackend.Id, 50 + 300 },
    };

    [Theory]
    [MemberData(nameof(Backends))]
    public void DurationOfGates_IsTheBackendsAtValidationAndInTheWorker(string backend, double nanoseconds)
    {
        var info = backend == StateVectorBackend.Id
            ? new StateVectorBackend().Info
            : Backend(DeviceCase.Get(backend).Device.BackendId, DeviceCase.Get(backend).Device.Target);
        var spec = Spec(info.Id);

        var (_, validated, diagnostics) = TargetCheck.Run(spec, info);
        var (prepared, _) = ExperimentPreparation.Prepare(spec, info.Target);

        Assert.DoesNotContain(diagnostics, d => d.IsError);
        Assert.Equal((nanoseconds, "ns"), Delay(validated!.Circuit));
        Assert.Equal((nanoseconds, "ns"), Delay(prepared!.Circuit));
    }

    [Fact]
    public void DurationOfGates_WithoutABackend_IsRefusedNamingTheGate()
    {
        var (prepared, diagnostics) = ExperimentPreparation.Prepare(Spec("any"));

        Assert.Null(prepared);
        var error = Assert.Single(diagnostics);
        Assert.Equal(("qasm.duration-unknown", 4, 14), (error.Rule, error.Line, error.Column));
        Assert.StartsWith("'durationof' a block with gate 'x'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DurationOfGates_OnAnyBackend_IsReadForTheCandidateChosen()
    {
        await using var fx = await EngineFixture.StartAsync();

        var outcome = await fx.Service.ValidateAsync(EngineFixture.Inline(Program) with { Backend = ExperimentDefinition.AnyBackend }, new SubmitOptions(), default);

        Assert.True(outcome.Valid, string.Join("; ", outcome.Diagnostics));
    }

    private static BackendInfo Backend(string id, Target target) => new(id, "device", "test", BackendStatus.Online, target);

    private static ExperimentSpec Spec(string backend) =>
        new("durations", Program, "d.qasm", new Dictionary<string, string>(), [], SweepMode.Grid, 100, backend, 1);

    private static (double, string) Delay(Circuit circuit)
    {
        var delay = Assert.Single(circuit.Operations.OfType<DelayOperation>());
        return (delay.Duration, delay.Unit);
    }
}
