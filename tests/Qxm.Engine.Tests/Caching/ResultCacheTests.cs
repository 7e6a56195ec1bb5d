using Qxm.Domain.Experiments;
using Qxm.Domain.Runs;
using Qxm.Engine.Api;
using Qxm.Engine.Tests.Engine;

namespace Qxm.Engine.Tests.Caching;

public sealed class ResultCacheTests
{
    private const string Bell = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] q;\nbit[2] c;\nh q[0];\ncx q[0], q[1];\nc = measure q;\n";

    private const string Device = """
        { "name": "pair", "qubits": 2, "maxShots": 1000, "maxCircuits": 10,
          "operations": [ { "name": "x" }, { "name": "cx" } ], "coupling": { "edges": [ [0, 1] ] },
          "calibration": { "takenAt": "2026-12-01T00:00:00Z", "t1Us": 100, "t2Us": 80, "readoutError": 0.02 } }
        """;

    [Fact]
    public async Task Submit_SeededSimulatorRunAllowingCache_IsAnsweredFromTheEarlierRun()
    {
        await using var fx = await EngineFixture.StartAsync();
        var experiment = EngineFixture.Inline(Bell, shots: 500, seed: 3) with { Cache = CachePolicy.Allow };
        var first = (await fx.Service.SubmitAsync(experiment, new SubmitOptions(), default)).Run!;
        Assert.Equal(RunState.Queued, first.State);
        Assert.True(await fx.Engine.RunOnceAsync("w", default));

        var cached = (await fx.Service.SubmitAsync(experiment, new SubmitOptions(), default)).Run!;
        var uncached = (await fx.Service.SubmitAsync(experiment with { Cache = CachePolicy.Never }, new SubmitOptions(), default)).Run!;
        var unseeded = (await fx.Service.SubmitAsync(experiment with { Seed = null }, new SubmitOptions(), default)).Run!;
        var otherShots = (await fx.Service.SubmitAsync(experiment with { Shots = 501 }, new SubmitOptions(), default)).Run!;

        Assert.Equal(RunState.Succeeded, cached.State);
        Assert.Equal([RunState.Queued, RunState.Queued, RunState.Queued], new[] { uncached.State, unseeded.State, otherShots.State });
        var original = (await fx.Service.GetResultAsync(first.Id, default))!;
        var answer = (await fx.Service.GetResultAsync(cached.Id, default))!;
        Assert.Equal(original.ArtifactHash, answer.ArtifactHash);
        Assert.Equal(original.Points[0].Counts.OrderBy(c => c.Key), answer.Points[0].Counts.OrderBy(c => c.Key));
        var provenance = fx.Engine.ProvenanceFor(fx.Service, null);
        var record = (await provenance.GetProvenanceAsync(cached.Id, default))!;
        Assert.Empty(record.Missing);
        Assert.Contains(record.Links, l => l.Relation == "cached-from" && l.RunId == first.Id);
        Assert.Contains(record.Transitions, t => t.Actor == "cache" && t.Reason == $"answered from {first.Id}");
        Assert.Contains((await provenance.GetProvenanceAsync(first.Id, default))!.Links, l => l.Relation == "answered" && l.RunId == cached.Id);
    }

    [Fact]
    public async Task Submit_NoisyRunAskingForDouble_IsNotAnsweredByOneThatRanInSingle()
    {
        await using var fx = await EngineFixture.StartAsync();
        const string Wide = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[10] q;\nbit[10] c;\nh q[0];\ncx q[0], q[9];\nc = measure q;\n";
        var experiment = EngineFixture.Inline(Wide, shots: 100, seed: 3) with { Backend = "sim.noisy", Cache = CachePolicy.Allow };
        var first = (await fx.Service.SubmitAsync(experiment, new SubmitOptions(), default)).Run!;
        Assert.True(await fx.Engine.RunOnceAsync("w", default));

        var asksDouble = (await fx.Service.SubmitAsync(experiment with { Options = new RunOptions(Precision: "double") }, new SubmitOptions(), default)).Run!;
        var leavesItToTheBackend = (await fx.Service.SubmitAsync(experiment, new SubmitOptions(), default)).Run!;

        Assert.Equal(RunState.Succeeded, (await fx.Service.GetAsync(first.Id, default))!.State);
        Assert.Equal(asksDouble.Fingerprint, first.Fingerprint);
        Assert.Equal(RunState.Queued, asksDouble.State);
        Assert.Equal(RunState.Succeeded, leavesItToTheBackend.State);
    }

    [Fact]
    public async Task Submit_HardwareRun_IsAnsweredFromCacheOnlyWhenHardwareIsAllowed()
    {
        await using var fx = await EngineFixture.StartAsync(devices: new Dictionary<string, string> { ["pair.json"] = Device });
        var experiment = EngineFixture.Inline("OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] q;\nbit[2] c;\nx q[0];\ncx q[0], q[1];\nc = measure q;\n", shots: 200, seed: 4)
            with { Backend = "fake.pair", Cache = CachePolicy.AllowHardware };
        var first = (await fx.Service.SubmitAsync(experiment, new SubmitOptions(), default)).Run!;
        using (var stop = new CancellationTokenSource())
        {
            var workers = fx.Engine.RunWorkersAsync(stop.Token);
            await EngineFixture.WaitUntilAsync(async () => (await fx.Service.GetAsync(first.Id, default))!.State == RunState.Succeeded, "the device run succeeded");

            await stop.CancelAsync();
            await workers;
        }

        var simulatorsOnly = (await fx.Service.SubmitAsync(experiment with { Cache = CachePolicy.Allow }, new SubmitOptions(), default)).Run!;
        var hardware = (await fx.Service.SubmitAsync(experiment, new SubmitOptions(), default)).Run!;

        Assert.Equal(RunState.Queued, simulatorsOnly.State);
        Assert.Equal(RunState.Succeeded, hardware.State);
    }
}
