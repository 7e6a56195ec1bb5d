using Qxm.Domain.Runs;
using Qxm.Engine.Api;
using Qxm.Domain.Tenancy;
using Qxm.Engine.Persistence;
using Qxm.Engine.Tenancy;

namespace Qxm.Engine.Tests.Engine;

public sealed class SubmissionTests
{
    private const string Bell = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\ncreg c[2];\nh q[0];\ncx q[0],q[1];\nmeasure q -> c;\n";

    [Fact]
    public async Task Submit_Example_QueuesRunWithHistoryAndCircuitArtifact()
    {
        await using var fx = await EngineFixture.StartAsync();

        var outcome = await fx.Service.SubmitAsync(EngineFixture.LoadExample("bell.yaml"), new SubmitOptions(BaseDirectory: EngineFixture.ExamplesDirectory), default);

        Assert.True(outcome.Accepted, string.Join("\n", outcome.Diagnostics));
        var run = await fx.Service.GetAsync(outcome.Run!.Id, default);
        Assert.Equal(RunState.Queued, run!.State);
        Assert.Equal(42UL, run.Seed);
        Assert.Equal([RunState.Validated, RunState.Queued], (await fx.Store.GetHistoryAsync(run.Id, default)).Select(t => t.To));
        var experiment = await fx.Store.GetExperimentAsync(run.Fingerprint, default);
        var source = await fx.Artifacts.GetAsync(experiment!.CircuitArtifact, default);
        Assert.Contains("cx q[0], q[1];", System.Text.Encoding.UTF8.GetString(source!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_WithoutSeed_RecordsAGeneratedSeed()
    {
        await using var fx = await EngineFixture.StartAsync();

        var outcome = await fx.Service.SubmitAsync(EngineFixture.Inline(Bell, seed: null), new SubmitOptions(), default);

        Assert.NotNull(outcome.Run!.Seed);
    }

    [Fact]
    public async Task Submit_SyntaxError_ReturnsPositionedDiagnosticAndStoresNothing()
    {
        await using var fx = await EngineFixture.StartAsync();

        var outcome = await fx.Service.SubmitAsync(EngineFixture.Inline("OPENQASM 2.0;\nqreg q[2];\nqreg r[2]\nqreg s[1];\n"), new SubmitOptions(), default);

        Assert.False(outcome.Accepted);
        var error = Assert.Single(outcome.Diagnostics, d => d.IsError);
        Assert.Equal("qasm.syntax", error.Rule);
        Assert.Equal(("<inline>", 4), (error.File, error.Line));
        Assert.Empty(await fx.Service.ListAsync(new RunQuery(), default));
    }

    [Theory]
    [InlineData("OPENQASM 2.0;\nqreg q[1];\nfoo q[0];\n", "qasm.undefined-gate", 3)]
    [InlineData("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\ncx q[0];\n", "qasm.qubit-count", 4)]
    [InlineData("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\nrx q[0];\n", "qasm.parameter-count", 4)]
    [InlineData("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\nh q[2];\n", "qasm.index-out-of-range", 4)]
    [InlineData("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[60];\nh q[0];\n", "target.too-many-qubits", 3)]
    [InlineData("OPENQASM 3.0;\n// one qubit register below\ninclude \"stdgates.inc\";\nqubit[60] q;\nh q[0];\n", "target.too-many-qubits", 4)]
    public async Task Submit_InvalidCircuit_IsRefusedWithRuleAndLine(string source, string rule, int line)
    {
        await using var fx = await EngineFixture.StartAsync();

        var outcome = await fx.Service.SubmitAsync(EngineFixture.Inline(source), new SubmitOptions(), default);

        Assert.False(outcome.Accepted);
        var error = outcome.Diagnostics.First(d => d.IsError);
        Assert.Equal((rule, line), (error.Rule, error.Line));
        Assert.True(error.Column > 0);
        await AssertNothingRunnableAsync(fx, outcome, rule);
    }

    [Fact]
    public async Task Submit_TooLargeForMemory_MessageStatesTheNumbers()
    {
        await using var fx = await EngineFixture.StartAsync();

        var outcome = await fx.Service.SubmitAsync(EngineFixture.Inline("OPENQASM 2.0;\nqreg q[60];\n"), new SubmitOptions(), default);

        var error = Assert.Single(outcome.Diagnostics, d => d.IsError);
        Assert.Contains("60-qubit", error.Message, StringComparison.Ordinal);
        Assert.Contains("at least 8.0 EiB (single precision)", error.Message, StringComparison.Ordinal);
        Assert.Contains("at most", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_UnknownBackend_IsRefused()
    {
        await using var fx = await EngineFixture.StartAsync();

        var outcome = await fx.Service.SubmitAsync(EngineFixture.Inline(Bell) with { Backend = "ibm.nowhere" }, new SubmitOptions(), default);

        Assert.Equal("experiment.unknown-backend", Assert.Single(outcome.Diagnostics).Rule);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public async Task Submit_NonPositiveShots_IsRefused(int shots)
    {
        await using var fx = await EngineFixture.StartAsync();

        var outcome = await fx.Service.SubmitAsync(EngineFixture.Inline(Bell, shots), new SubmitOptions(), default);

        Assert.Equal("experiment.value", Assert.Single(outcome.Diagnostics).Rule);
        await AssertNothingRunnableAsync(fx, outcome, "experiment.value");
    }

    [Fact]
    public async Task Submit_UnboundInput_IsRefused()
    {
        await using var fx = await EngineFixture.StartAsync();
        const string source = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\ninput float[64] theta;\nqubit[1] q;\nbit[1] c;\nry(theta) q[0];\nc[0] = measure q[0];\n";

        var outcome = await fx.Service.SubmitAsync(EngineFixture.Inline(source), new SubmitOptions(), default);

        // Reported where the input is read, by the validation rule rather than the binder.
        var error = Assert.Single(outcome.Diagnostics);
        Assert.Equal("circuit.parameter-value", error.Rule);
        Assert.Equal((6, 1), (error.Line, error.Column));
        Assert.Contains("'theta'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_SameIdempotencyKey_ReturnsSameRun()
    {
        await using var fx = await EngineFixture.StartAsync();

        var first = await fx.Service.SubmitAsync(EngineFixture.Inline(Bell), new SubmitOptions(IdempotencyKey: "abc"), default);
        var second = await fx.Service.SubmitAsync(EngineFixture.Inline(Bell), new SubmitOptions(IdempotencyKey: "abc"), default);

        Assert.Equal(first.Run!.Id, second.Run!.Id);
        Assert.Single(await fx.Service.ListAsync(new RunQuery(), default));
    }

    [Fact]
    public async Task Submit_TenantQueueFull_RefusedWithRetryAfterAndNothingStored()
    {
        var tenants = new TenantCatalog([new Tenant { Id = "small", MaxQueuedRuns = 1 }]);
        await using var fx = await EngineFixture.StartAsync(tenants);
        var options = new SubmitOptions(Tenant: "small");
        await fx.Service.SubmitAsync(EngineFixture.Inline(Bell), options, default);

        var refused = await fx.Service.SubmitAsync(EngineFixture.Inline(Bell), options, default);

        Assert.False(refused.Accepted);
        Assert.NotNull(refused.RetryAfter);
        Assert.Equal("quota.queue-full", Assert.Single(refused.Diagnostics).Rule);
        Assert.Single(await fx.Service.ListAsync(new RunQuery(), default));
    }

    [Fact]
    public async Task Submit_OverShotsPerDay_RefusedUntilTomorrow()
    {
        var tenants = new TenantCatalog([new Tenant { Id = "metered", ShotsPerDay = 150 }]);
        await using var fx = await EngineFixture.StartAsync(tenants);

        var refused = await fx.Service.SubmitAsync(EngineFixture.Inline(Bell, shots: 200), new SubmitOptions(Tenant: "metered"), default);

        Assert.Equal("quota.shots-per-day", Assert.Single(refused.Diagnostics).Rule);
        Assert.InRange(refused.RetryAfter!.Value, TimeSpan.FromSeconds(0), TimeSpan.FromDays(1));
    }

    [Fact]
    public async Task Submit_UnknownTenantOrForbiddenBackend_IsRefused()
    {
        var tenants = new TenantCatalog([new Tenant { Id = "hw-only", AllowedBackends = ["fake.device"] }]);
        await using var fx = await EngineFixture.StartAsync(tenants);

        var unknown = await fx.Service.SubmitAsync(EngineFixture.Inline(Bell), new SubmitOptions(Tenant: "nobody"), default);
        var forbidden = await fx.Service.SubmitAsync(EngineFixture.Inline(Bell), new SubmitOptions(Tenant: "hw-only"), default);

        Assert.Equal("tenant.unknown", Assert.Single(unknown.Diagnostics).Rule);
        Assert.Equal("tenant.backend-not-allowed", Assert.Single(forbidden.Diagnostics).Rule);
        Assert.Empty(await fx.Service.ListAsync(new RunQuery(), default));
    }

    [Fact]
    public async Task Submit_ParsesButBreaksTheTarget_KeepsARejectedRunWithItsDiagnostics()
    {
        await using var fx = await EngineFixture.StartAsync();

        var outcome = await fx.Service.SubmitAsync(EngineFixture.Inline("OPENQASM 2.0;\nqreg q[60];\n"), new SubmitOptions(IdempotencyKey: "k"), default);

        var rejected = await fx.Service.GetAsync(outcome.RejectedRunId!, default);
        Assert.Equal(RunState.Rejected, rejected!.State);
        Assert.Equal("target.too-many-qubits", Assert.Single(rejected.Diagnostics, d => d.IsError).Rule);
        Assert.Contains("60-qubit", rejected.Error, StringComparison.Ordinal);
        Assert.Equal([RunState.Rejected], (await fx.Store.GetHistoryAsync(rejected.Id, default)).Select(t => t.To));
        Assert.False(await fx.Engine.RunOnceAsync("w", default));
        var corrected = await fx.Service.SubmitAsync(EngineFixture.Inline(Bell), new SubmitOptions(IdempotencyKey: "k"), default);
        Assert.NotEqual(rejected.Id, corrected.Run!.Id);
    }

    /// <summary>A refusal stores nothing runnable: at most the Rejected run named in the outcome, keeping the diagnostics.</summary>
    private static async Task AssertNothingRunnableAsync(EngineFixture fx, SubmitOutcome outcome, string rule)
    {
        var runs = await fx.Service.ListAsync(new RunQuery(), default);
        if (outcome.RejectedRunId is null)
        {
            Assert.Empty(runs);
            return;
        }

        var run = Assert.Single(runs);
        Assert.Equal((outcome.RejectedRunId, RunState.Rejected), (run.Id, run.State));
        Assert.Contains(run.Diagnostics, d => d.Rule == rule);
    }
}
