using Qxm.Domain.Experiments;
using Qxm.Domain.Runs;
using Qxm.Domain.Tenancy;
using Qxm.Engine.Api;
using Qxm.Engine.Persistence;
using Qxm.Engine.Tenancy;

namespace Qxm.Engine.Tests.Engine;

public sealed class ExecutionTests
{
    [Fact]
    public async Task RunOnce_Bell_SucceedsWithOnlyCorrelatedOutcomes()
    {
        await using var fx = await EngineFixture.StartAsync();
        var run = (await fx.Service.SubmitAsync(EngineFixture.LoadExample("bell.yaml"), new SubmitOptions(BaseDirectory: EngineFixture.ExamplesDirectory), default)).Run!;

        Assert.True(await fx.Engine.RunOnceAsync("w", default));

        Assert.Equal(RunState.Succeeded, (await fx.Service.GetAsync(run.Id, default))!.State);
        var result = await fx.Service.GetResultAsync(run.Id, default);
        var counts = Assert.Single(result!.Points).Counts;
        Assert.Equal(["00", "11"], counts.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(1000, counts.Values.Sum());
        Assert.InRange(counts["00"], 400, 600);
        var artifact = System.Text.Encoding.UTF8.GetString((await fx.ReadArtifacts.GetAsync(result.ArtifactHash, default))!);
        Assert.Contains("\"threads\"", artifact, StringComparison.Ordinal);
        Assert.Contains("\"seed\":42", artifact, StringComparison.Ordinal);
        Assert.False(await fx.Engine.RunOnceAsync("w", default));
    }

    [Fact]
    public async Task RunOnce_SameSeedTwice_GivesIdenticalCounts()
    {
        await using var fx = await EngineFixture.StartAsync();
        var experiment = EngineFixture.LoadExample("ghz5.yaml") with { Seed = 99 };
        var options = new SubmitOptions(BaseDirectory: EngineFixture.ExamplesDirectory);
        var first = (await fx.Service.SubmitAsync(experiment, options, default)).Run!;
        var second = (await fx.Service.SubmitAsync(experiment, options, default)).Run!;

        await fx.Engine.RunOnceAsync("w", default);
        await fx.Engine.RunOnceAsync("w", default);

        Assert.Equal(first.Fingerprint, second.Fingerprint);
        var a = (await fx.Service.GetResultAsync(first.Id, default))!.Points[0].Counts;
        var b = (await fx.Service.GetResultAsync(second.Id, default))!.Points[0].Counts;
        Assert.Equal(a.OrderBy(p => p.Key), b.OrderBy(p => p.Key));
    }

    [Fact]
    public async Task RunOnce_RySweep_ProbabilityOfOneTracesSinSquared()
    {
        await using var fx = await EngineFixture.StartAsync();
        var run = (await fx.Service.SubmitAsync(EngineFixture.LoadExample("ry-sweep.yaml"), new SubmitOptions(BaseDirectory: EngineFixture.ExamplesDirectory), default)).Run!;

        await fx.Engine.RunOnceAsync("w", default);

        var result = await fx.Service.GetResultAsync(run.Id, default);
        Assert.Equal(16, result!.Points.Count);
        foreach (var point in result.Points)
        {
            var theta = point.Parameters["theta"];
            var expected = Math.Pow(Math.Sin(theta / 2), 2);
            var observed = point.Counts.GetValueOrDefault("1") / (double)result.Shots;
            var standardError = Math.Sqrt(Math.Max(expected * (1 - expected), 1e-4) / result.Shots);
            Assert.True(Math.Abs(observed - expected) <= 5 * standardError, $"theta={theta}: P(1)={observed}, expected {expected}");
        }
    }

    [Fact]
    public async Task Cancel_QueuedRun_IsCancelledAndNeverRuns()
    {
        await using var fx = await EngineFixture.StartAsync();
        var run = (await fx.Service.SubmitAsync(EngineFixture.LoadExample("bell.yaml"), new SubmitOptions(BaseDirectory: EngineFixture.ExamplesDirectory), default)).Run!;

        Assert.Equal(CancelOutcome.Cancelled, await fx.Service.CancelAsync(run.Id, default));

        Assert.False(await fx.Engine.RunOnceAsync("w", default));
        Assert.Equal(RunState.Cancelled, (await fx.Service.GetAsync(run.Id, default))!.State);
        Assert.Equal(CancelOutcome.AlreadyFinished, await fx.Service.CancelAsync(run.Id, default));
        Assert.Equal(CancelOutcome.NotFound, await fx.Service.CancelAsync("r-unknown", default));
    }

    [Fact]
    public async Task Workers_ManyRuns_AllSucceedOnce()
    {
        await using var fx = await EngineFixture.StartAsync();
        var options = new SubmitOptions(BaseDirectory: EngineFixture.ExamplesDirectory);
        var ids = new List<string>();
        foreach (var file in (string[])["bell.yaml", "ghz5.yaml", "qft4.yaml", "ry-sweep.yaml", "bell.yaml", "ghz5.yaml"])
        {
            ids.Add((await fx.Service.SubmitAsync(EngineFixture.LoadExample(file), options, default)).Run!.Id);
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var workers = fx.Engine.RunWorkersAsync(cts.Token);
        while (!cts.IsCancellationRequested)
        {
            var runs = await Task.WhenAll(ids.Select(id => fx.Service.GetAsync(id, default)));
            if (runs.All(r => RunLifecycle.IsTerminal(r!.State)))
            {
                break;
            }

            await Task.Delay(20, cts.Token);
        }

        await cts.CancelAsync();
        await workers;
        foreach (var id in ids)
        {
            Assert.Equal(RunState.Succeeded, (await fx.Service.GetAsync(id, default))!.State);
            Assert.Single(await fx.Store.GetHistoryAsync(id, default), t => t.To == RunState.Succeeded);
        }
    }

    [Fact]
    public async Task RunOnce_QftOfBasisState_IsUniform()
    {
        await using var fx = await EngineFixture.StartAsync();
        var run = (await fx.Service.SubmitAsync(EngineFixture.LoadExample("qft4.yaml"), new SubmitOptions(BaseDirectory: EngineFixture.ExamplesDirectory), default)).Run!;

        await fx.Engine.RunOnceAsync("w", default);

        var counts = (await fx.Service.GetResultAsync(run.Id, default))!.Points[0].Counts;
        Assert.Equal(16, counts.Count);
        var expected = run.Shots / 16.0;
        var chiSquare = counts.Values.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.True(chiSquare < 37.7, $"chi-square {chiSquare} over 15 degrees of freedom (p < 0.001)");
    }

    [Fact]
    public async Task Definition_SweepOrder_IndependentOfParameterOrder()
    {
        await using var fx = await EngineFixture.StartAsync();
        const string source = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\ninput float[64] a;\ninput float[64] b;\nqubit[1] q;\nbit[1] c;\nry(a) q[0];\nrz(b) q[0];\nc[0] = measure q[0];\n";
        var ab = EngineFixture.Inline(source) with { Parameters = [new("a", [0.1, 0.2]), new("b", [1, 2, 3])] };
        var ba = ab with { Parameters = [new("b", [1, 2, 3]), new("a", [0.1, 0.2])] };

        var first = (await fx.Service.SubmitAsync(ab, new SubmitOptions(), default)).Run!;
        var second = (await fx.Service.SubmitAsync(ba, new SubmitOptions(), default)).Run!;

        Assert.Equal(first.Fingerprint, second.Fingerprint);
        Assert.Equal(6, first.SweepPoints);
    }

    [Fact]
    public async Task Dispatch_BackloggedTenants_SharesFollowWeights()
    {
        var tenants = new TenantCatalog([new Tenant { Id = "small", Weight = 1 }, new Tenant { Id = "large", Weight = 3 }]);
        await using var fx = await EngineFixture.StartAsync(tenants);
        var experiment = EngineFixture.Inline("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[1];\ncreg c[1];\nx q[0];\nmeasure q -> c;\n", shots: 10);
        for (var i = 0; i < 20; i++)
        {
            await fx.Service.SubmitAsync(experiment, new SubmitOptions(Tenant: "small"), default);
            await fx.Service.SubmitAsync(experiment, new SubmitOptions(Tenant: "large"), default);
        }

        for (var i = 0; i < 20; i++)
        {
            Assert.True(await fx.Engine.RunOnceAsync("w", default));
        }

        var done = await fx.Service.ListAsync(new RunQuery(State: RunState.Succeeded, Limit: 100), default);
        Assert.Equal(5, done.Count(r => r.Tenant == "small"));
        Assert.Equal(15, done.Count(r => r.Tenant == "large"));
    }

    [Fact]
    public async Task Dispatch_HighPrioritySubmittedLater_RunsFirst()
    {
        await using var fx = await EngineFixture.StartAsync();
        var options = new SubmitOptions(BaseDirectory: EngineFixture.ExamplesDirectory);
        var normal = (await fx.Service.SubmitAsync(EngineFixture.LoadExample("bell.yaml"), options, default)).Run!;
        var high = (await fx.Service.SubmitAsync(EngineFixture.LoadExample("bell.yaml") with { Priority = "high" }, options, default)).Run!;

        await fx.Engine.RunOnceAsync("w", default);

        Assert.Equal(RunState.Succeeded, (await fx.Service.GetAsync(high.Id, default))!.State);
        Assert.Equal(RunState.Queued, (await fx.Service.GetAsync(normal.Id, default))!.State);
    }

    [Fact]
    public async Task Dispatch_ActiveReservation_OnlyHolderRuns()
    {
        var tenants = new TenantCatalog([new Tenant { Id = "holder" }]);
        await using var fx = await EngineFixture.StartAsync(tenants);
        var now = DateTimeOffset.UtcNow;
        var reserved = await fx.Engine.Queue.ReserveAsync(new ReservationRequest("sim.statevector", "holder", now.AddMinutes(-1), now.AddHours(1)), default);
        Assert.NotNull(reserved.Reservation);
        var options = new SubmitOptions(BaseDirectory: EngineFixture.ExamplesDirectory);
        var other = (await fx.Service.SubmitAsync(EngineFixture.LoadExample("bell.yaml"), options, default)).Run!;
        var mine = (await fx.Service.SubmitAsync(EngineFixture.LoadExample("bell.yaml"), options with { Tenant = "holder" }, default)).Run!;

        Assert.True(await fx.Engine.RunOnceAsync("w", default));
        Assert.False(await fx.Engine.RunOnceAsync("w", default));

        Assert.Equal(RunState.Succeeded, (await fx.Service.GetAsync(mine.Id, default))!.State);
        Assert.Equal(RunState.Queued, (await fx.Service.GetAsync(other.Id, default))!.State);
        var queue = await fx.Engine.Queue.GetQueueAsync(null, default);
        Assert.Contains("waits for reservation", Assert.Single(queue).Reason, StringComparison.Ordinal);
        var usage = await fx.Engine.Queue.GetReservationUsageAsync(reserved.Reservation!.Id, default);
        Assert.InRange(usage!.UsedSeconds, 0, usage.WindowSeconds);
        Assert.True(usage.WindowSeconds >= 60, "the window opened a minute before the run");
        Assert.Equal(usage.WindowSeconds - usage.UsedSeconds, usage.UnusedSeconds, 6);
        Assert.Null(await fx.Engine.Queue.GetReservationUsageAsync("res-none", default));
    }

    [Fact]
    public async Task Cancel_RunningRun_StopsTheBackendAtOnceAndFreesTheWorker()
    {
        await using var fx = await EngineFixture.StartAsync(options: new EngineOptions { Workers = 1 });
        // Mid-circuit measurement of all 16 qubits forces per-shot simulation with up to 65,536 distinct histories, each
        // going on with its own 16-qubit state: minutes of work. (Shots sharing a history are simulated once, so one
        // measured qubit on 10 qubits, as this test had, finished in about a second and could end between two polls.)
        const string Slow = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[16];\ncreg c[16];\nh q;\nmeasure q -> c;\nh q;\nmeasure q -> c;\n";
        var slow = (await fx.Service.SubmitAsync(EngineFixture.Inline(Slow, shots: 1_000_000), new SubmitOptions(), default)).Run!;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var workers = fx.Engine.RunWorkersAsync(cts.Token);
        while ((await fx.Service.GetAsync(slow.Id, default))!.State != RunState.Running)
        {
            await Task.Delay(10, cts.Token);
        }

        Assert.Equal(CancelOutcome.Cancelled, await fx.Service.CancelAsync(slow.Id, default));
        var quick = (await fx.Service.SubmitAsync(EngineFixture.LoadExample("bell.yaml"), new SubmitOptions(BaseDirectory: EngineFixture.ExamplesDirectory), default)).Run!;
        // Well under the heartbeat period (lease / 3 = 10 s), which is how a cancellation would otherwise be noticed.
        var deadline = DateTimeOffset.UtcNow.AddSeconds(8);
        while ((await fx.Service.GetAsync(quick.Id, default))!.State != RunState.Succeeded && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(10, cts.Token);
        }

        await cts.CancelAsync();
        await workers;
        Assert.Equal(RunState.Succeeded, (await fx.Service.GetAsync(quick.Id, default))!.State);
        Assert.Equal(RunState.Cancelled, (await fx.Service.GetAsync(slow.Id, default))!.State);
        Assert.Null(await fx.Service.GetResultAsync(slow.Id, default));
    }

    [Fact]
    public async Task RunOnce_WithOptions_RecordsThreadsAndPrecisionInTheResult()
    {
        await using var fx = await EngineFixture.StartAsync();
        var experiment = EngineFixture.LoadExample("ghz5.yaml") with { Options = new RunOptions(Threads: 1, Precision: "single") };
        var run = (await fx.Service.SubmitAsync(experiment, new SubmitOptions(BaseDirectory: EngineFixture.ExamplesDirectory), default)).Run!;

        await fx.Engine.RunOnceAsync("w", default);

        var result = await fx.Service.GetResultAsync(run.Id, default);
        Assert.Equal(["00000", "11111"], result!.Points[0].Counts.Keys.Order(StringComparer.Ordinal));
        var artifact = System.Text.Encoding.UTF8.GetString((await fx.ReadArtifacts.GetAsync(result.ArtifactHash, default))!);
        Assert.Contains("\"threads\":\"1\"", artifact, StringComparison.Ordinal);
        Assert.Contains("\"precision\":\"single\"", artifact, StringComparison.Ordinal);
    }
}
