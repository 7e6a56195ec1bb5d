using Qxm.Circuits.Validation;
using Qxm.Domain.Backends;
using Qxm.Domain.Experiments;
using Qxm.Engine.Submission;

namespace Qxm.Engine.Tests.Validation;

/// <summary>A simulator whose width depends on the amplitude precision refuses a too-wide run at submission, with the
/// figures and the way out, instead of when the job runs.</summary>
public sealed class PrecisionLimitTests
{
    private static readonly BackendInfo Simulator = new(
        "sim.test", "simulator", "test", BackendStatus.Online,
        new Target(5, MaxShots: 1000, MaxCircuits: 10)
        {
            MaxQubitsInMemory = 5,
            PrecisionLimits = [new PrecisionLimit("double", 16, 4), new PrecisionLimit("single", 8, 5)],
        });

    [Theory]
    [InlineData(5, null, "a 5-qubit state needs 512.0 B in double precision but backend 'sim.test' holds at most 4 qubits in double precision in this process's memory; run it in precision single (up to 5 qubits) or declare at most 4 qubits")]
    [InlineData(5, "double", "a 5-qubit state needs 512.0 B in double precision but backend 'sim.test' holds at most 4 qubits in double precision in this process's memory; run it in precision single (up to 5 qubits) or declare at most 4 qubits")]
    [InlineData(5, "single", null)]
    [InlineData(4, null, null)]
    public void Submission_WiderThanItsPrecisionHolds_IsRefusedWithTheFigures(int qubits, string? precision, string? message)
    {
        var spec = new ExperimentSpec(
            "wide", $"OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[{qubits}];\nh q[0];\n", "wide.qasm", new Dictionary<string, string>(), [], SweepMode.Grid,
            100, "sim.test", 1, new RunOptions(Precision: precision));

        var (_, prepared, diagnostics) = TargetCheck.Run(spec, Simulator);

        var errors = diagnostics.Where(d => d.IsError).ToList();
        if (message is null)
        {
            Assert.Empty(errors);
            Assert.NotNull(prepared);
            return;
        }

        var error = Assert.Single(errors);
        Assert.Equal(ValidationRules.TooManyQubits, error.Rule);
        Assert.Equal(("wide.qasm", 3), (error.File, error.Line));
        Assert.Equal(message, error.Message);
        Assert.Null(prepared);
    }

    [Fact]
    public void StateVectorSimulator_DeclaresOneMoreQubitInSingleThanInDouble()
    {
        var target = new Qxm.Backends.Simulators.StateVectorBackend().Info.Target;

        var single = target.PrecisionLimitFor("single")!;
        var dbl = target.PrecisionLimitFor(null)!;

        Assert.Equal(target.MaxQubitsInMemory, single.MaxQubits);
        Assert.Equal(single.MaxQubits, Math.Min(dbl.MaxQubits + 1, 30));
        Assert.Equal((16, 8), (dbl.BytesPerAmplitude, single.BytesPerAmplitude));
    }
}
