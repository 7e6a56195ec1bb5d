using Qxm.Backends.Contract;
using Qxm.Backends.Registry;
using Qxm.Backends.Simulators;
using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;
using Qxm.Domain.Errors;
using Qxm.Simulation.Noise;

namespace Qxm.Engine.Tests.Backends;

public class SimulatorBackendTests
{
    private const string Ghz = """
        OPENQASM 3.0;
        include "stdgates.inc";
        qubit[3] q;
        bit[3] c;
        h q[0];
        cx q[0], q[1];
        cx q[1], q[2];
        c = measure q;
        """;

    /// <summary>Wide enough that sim.noisy runs its trajectories on the engine's kernels.</summary>
    private const string Wide = """
        OPENQASM 3.0;
        include "stdgates.inc";
        qubit[10] q;
        bit[10] c;
        h q[0];
        for int i in [0:8] { cx q[i], q[i + 1]; }
        ry(0.3) q[4];
        c = measure q;
        """;

    [Fact]
    public void CreateDefault_RegistersTheNoisyAndDensityMatrixSimulators()
    {
        var registry = BackendRegistry.CreateDefault();

        Assert.True(registry.TryGet("sim.noisy", out var noisy));
        Assert.True(registry.TryGet("sim.density", out var density));
        Assert.Equal(NoisyBackend.DefaultQubits, noisy.Info.Target.Qubits);
        Assert.Equal(12, density.Info.Target.Qubits);
    }

    [Theory]
    [InlineData("sim.noisy", "trajectories")]
    [InlineData("sim.density", "density-matrix")]
    [InlineData("sim.statevector", "statevector")]
    public async Task Run_RecordsMethodThreadsAndPrecisionAndIsReproducibleAcrossThreads(string id, string method)
    {
        Assert.True(BackendRegistry.CreateDefault().TryGet(id, out var backend));

        var one = await RunAsync(backend, new BackendRunOptions(Threads: 1));
        var two = await RunAsync(backend, new BackendRunOptions(Threads: 2));

        Assert.Equal(one.Counts[0].OrderBy(c => c.Key, StringComparer.Ordinal), two.Counts[0].OrderBy(c => c.Key, StringComparer.Ordinal));
        Assert.Equal(2000, one.Counts[0].Values.Sum());
        Assert.Equal(method, one.Provenance!["method"]);
        Assert.Equal("1", one.Provenance["threads"]);
        Assert.Equal("2", two.Provenance!["threads"]);
        Assert.Equal("double", one.Provenance["precision"]);
        Assert.Equal(id != "sim.statevector", one.Provenance.ContainsKey("calibration"));
    }

    [Fact]
    public async Task Run_NoisyGhz_HasErrorsButMostlyAgrees()
    {
        Assert.True(BackendRegistry.CreateDefault().TryGet("sim.noisy", out var backend));

        var counts = (await RunAsync(backend, null)).Counts[0];

        Assert.InRange(counts.GetValueOrDefault("000") + counts.GetValueOrDefault("111"), 1700, 1980);
    }

    [Fact]
    public async Task Run_SinglePrecisionOnTheDensityMatrix_RefusedAsInvalidInput()
    {
        Assert.True(BackendRegistry.CreateDefault().TryGet("sim.density", out var backend));

        var error = await Assert.ThrowsAsync<BackendException>(() => RunAsync(backend, new BackendRunOptions(Precision: "single")));

        Assert.Equal(BackendErrorKind.InvalidInput, error.Kind);
        Assert.Contains("double precision only", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "single")]
    [InlineData("single", "single")]
    [InlineData("double", "double")]
    public async Task Run_NoisyOnTheEngine_RecordsThePrecisionItRan(string? asked, string recorded)
    {
        Assert.True(BackendRegistry.CreateDefault().TryGet("sim.noisy", out var backend));
        var job = await backend.SubmitAsync(new BackendJob("r1", [Parse(Wide)], 200, 42, new BackendRunOptions(Precision: asked)), Guid.NewGuid().ToString("N"), default);

        var result = await backend.GetResultAsync(job, default);

        Assert.Equal(recorded, result.Provenance!["precision"]);
        Assert.Equal(200, result.Counts[0].Values.Sum());
    }

    [Fact]
    public async Task Run_UnknownPrecisionOnNoisy_RefusedAsInvalidInput()
    {
        Assert.True(BackendRegistry.CreateDefault().TryGet("sim.noisy", out var backend));

        var error = await Assert.ThrowsAsync<BackendException>(() => RunAsync(backend, new BackendRunOptions(Precision: "half")));

        Assert.Equal(BackendErrorKind.InvalidInput, error.Kind);
        Assert.Contains("precision must be 'double' or 'single', not 'half'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_TooWideForTheDensityMatrix_RefusedAsInvalidInput()
    {
        Assert.True(BackendRegistry.CreateDefault().TryGet("sim.density", out var backend));
        var wide = Parse("""
            OPENQASM 3.0;
            include "stdgates.inc";
            qubit[13] q;
            bit[1] c;
            h q[12];
            c[0] = measure q[12];
            """);

        var job = await backend.SubmitAsync(new BackendJob("r1", [wide], 10, 1), Guid.NewGuid().ToString("N"), default);
        var error = await Assert.ThrowsAsync<BackendException>(() => backend.GetResultAsync(job, default));

        Assert.Equal(BackendErrorKind.InvalidInput, error.Kind);
        Assert.Contains("a 13-qubit density matrix needs 1.0 GiB but the density-matrix simulator holds at most 12 qubits", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Construct_CalibrationWithT2AboveTwiceT1_RefusedBeforeAnyJob()
    {
        var calibration = NoiseCalibration.Default(2) with
        {
            Qubits = [new QubitCalibration(50e-6, 60e-6, 0.01, 0.01), new QubitCalibration(50e-6, 120e-6, 0.01, 0.01)],
        };

        var error = Assert.Throws<QxmException>(() => new NoisyBackend(calibration));

        Assert.Contains("qubit 1: T2 = 0.00012 s exceeds 2·T1 = 0.0001 s", error.Message, StringComparison.Ordinal);
    }

    private static async Task<BackendJobResult> RunAsync(IBackend backend, BackendRunOptions? options)
    {
        var job = await backend.SubmitAsync(new BackendJob("r1", [Parse(Ghz)], 2000, 42, options), Guid.NewGuid().ToString("N"), default);
        return await backend.GetResultAsync(job, default);
    }

    private static Circuit Parse(string source) => OpenQasmParser.Parse(source, "<inline>").Circuit!;
}
