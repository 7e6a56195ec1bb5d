using Qxm.Domain.Runs;
using Qxm.Backends.Devices;
using Qxm.Domain.Experiments;
using Qxm.Engine.Api;
using Qxm.Engine.Matching;
using Qxm.Engine.Persistence;

namespace Qxm.Engine.Tests.Engine;

public sealed class BackendMatchingTests
{
    /// <summary>A Bell pair in the cz basis: native on fake.square9 (qubits 0, 1 are coupled) and on the simulator.</summary>
    private const string CzBell =
        "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] q;\nbit[2] c;\nrz(pi/2) q[0]; sx q[0]; rz(pi/2) q[0];\n"
        + "rz(pi/2) q[1]; sx q[1]; rz(pi/2) q[1];\ncz q[0], q[1];\nrz(pi/2) q[1]; sx q[1]; rz(pi/2) q[1];\nc = measure q;\n";

    private static ExperimentDefinition WithRequirements(string source, BackendRequirements requirements) =>
        EngineFixture.Inline(source) with { Backend = ExperimentDefinition.AnyBackend, Requirements = requirements };

    [Fact]
    public void HasLine_FindsPathsInTheHeavyHexAndSquareLattices()
    {
        var devices = DeviceCatalog.BuiltIn().ToDictionary(d => d.Name, d => d.Target);

        Assert.True(BackendMatcher.HasLine(devices["square9"], 9));
        Assert.True(BackendMatcher.HasLine(devices["heavyhex27"], 12));
        Assert.False(BackendMatcher.HasLine(devices["heavyhex27"], 27));
    }

    [Fact]
    public async Task Match_ListsEligibleBackends_AndWhyEachOtherIsExcluded()
    {
        await using var fx = await EngineFixture.StartAsync();

        var candidates = await fx.Service.MatchBackendsAsync(
            WithRequirements(CzBell, new BackendRequirements(MinQubits: 5, NativeGates: ["cz"])), new SubmitOptions(), default);

        Assert.Equal(["fake.square9", "sim.statevector"], candidates.Where(c => c.Eligible).Select(c => c.Backend.Id).Order(StringComparer.Ordinal));
        var excluded = candidates.Where(c => !c.Eligible).ToDictionary(c => c.Backend.Id, c => string.Join("; ", c.Exclusions));
        Assert.Equal("cz is not native (native: rz, sx, x, cx)", excluded["fake.heavyhex27"]);
        Assert.StartsWith("cz is not native (native: gpi, gpi2, ms)", excluded["fake.ion25"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Match_WithoutRequirements_ExcludesBackendsTheCircuitIsInvalidOn()
    {
        await using var fx = await EngineFixture.StartAsync();

        var candidates = await fx.Service.MatchBackendsAsync(EngineFixture.Inline(CzBell), new SubmitOptions(), default);

        var ion = Assert.Single(candidates, c => c.Backend.Id == "fake.ion25");
        Assert.StartsWith("rz is not native on fake.ion25", Assert.Single(ion.Exclusions), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_WithRequirements_PicksTheEligibleBackendWithTheShortestQueue()
    {
        await using var fx = await EngineFixture.StartAsync();
        var requirements = new BackendRequirements(NativeGates: ["cz"], Connectivity: Connectivity.Linear);

        var first = await fx.Service.SubmitAsync(WithRequirements(CzBell, requirements), new SubmitOptions(), default);
        var second = await fx.Service.SubmitAsync(WithRequirements(CzBell, requirements) with { Seed = 2 }, new SubmitOptions(), default);

        // Equal queues go to the cheaper backend; then the other one has the shorter queue.
        Assert.Equal("sim.statevector", first.Run?.Backend);
        Assert.Equal("fake.square9", second.Run?.Backend);
    }

    [Fact]
    public async Task Submit_WithRequirementsNoBackendMeets_IsRefusedWithEveryReason()
    {
        await using var fx = await EngineFixture.StartAsync();

        var outcome = await fx.Service.SubmitAsync(
            WithRequirements(CzBell, new BackendRequirements(MinQubits: 41, Connectivity: Connectivity.AllToAll, MaxCostPerShot: 0.001m, NativeGates: ["ms"])), new SubmitOptions(), default);

        var error = Assert.Single(outcome.Diagnostics);
        Assert.Equal(("experiment.no-eligible-backend", "requirements"), (error.Rule, error.Path));
        Assert.Contains("fake.ion25: it has 25 qubits, fewer than the 41 required, a shot costs 0.03, more than the 0.001 allowed", error.Message, StringComparison.Ordinal);
        Assert.Empty(await fx.Service.ListAsync(new RunQuery(), default));
    }

    [Fact]
    public async Task Submit_InvalidOnNamedDevice_IsRefusedWithAllProblems_AndStoresNothingRunnable()
    {
        await using var fx = await EngineFixture.StartAsync();
        const string source = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[9] q;\nbit[1] c;\nh q[0];\ncz q[0], q[8];\nreset q[1];\nc[0] = measure q[0];\n";

        var outcome = await fx.Service.SubmitAsync(EngineFixture.Inline(source) with { Backend = "fake.square9" }, new SubmitOptions(), default);

        Assert.Null(outcome.Run);
        Assert.Equal(
            ["target.non-native-operation", "target.uncoupled-qubits", "target.reset"],
            outcome.Diagnostics.Where(d => d.IsError).Select(d => d.Rule));
        Assert.DoesNotContain(await fx.Service.ListAsync(new RunQuery(), default), r => r.State != RunState.Rejected);
    }

    [Fact]
    public async Task Validate_WarningsOnly_IsValid_AndStoresNothing()
    {
        await using var fx = await EngineFixture.StartAsync();
        const string source = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[3] q;\nbit[1] c;\nh q[0];\nh q[0];\nc[0] = measure q[0];\n";

        var outcome = await fx.Service.ValidateAsync(EngineFixture.Inline(source), new SubmitOptions(), default);

        Assert.True(outcome.Valid);
        Assert.Equal(["lint.unused-qubit", "lint.self-inverse-pair"], outcome.Diagnostics.Select(d => d.Rule));
        Assert.Empty(await fx.Service.ListAsync(new RunQuery(), default));
    }

    [Fact]
    public async Task Submit_Accepted_KeepsLintWarningsOnTheRun()
    {
        await using var fx = await EngineFixture.StartAsync();
        const string source = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] q;\nbit[1] c;\nx q[0];\nc[0] = measure q[0];\n";

        var outcome = await fx.Service.SubmitAsync(EngineFixture.Inline(source), new SubmitOptions(), default);

        Assert.NotNull(outcome.Run);
        var stored = await fx.Service.GetAsync(outcome.Run.Id, default);
        Assert.Equal("lint.unused-qubit", Assert.Single(stored!.Diagnostics).Rule);
    }
}
