using Microsoft.Extensions.Time.Testing;
using Qxm.Backends.Contract;
using Qxm.Backends.Devices;
using Qxm.Backends.Registry;
using Qxm.Backends.Remote;
using Qxm.Domain.Runs;
using Qxm.Engine.Api;
using Qxm.Engine.Persistence;
using Qxm.Engine.Tests.Engine;
using Qxm.Storage.Artifacts;
using Qxm.Storage.Sqlite;

namespace Qxm.Engine.Tests.Dispatch;

/// <summary>A backend's bad answers become classified errors with the raw answer kept, never a crash and never a
/// silently wrong result.</summary>
public sealed class BadAnswerTests
{
    private static readonly byte[] GoodAnswer = ResultAnswer.Encode(new BackendJobResult([new Dictionary<string, long> { ["00"] = 60, ["11"] = 40 }], 0.01));

    [Theory]
    [InlineData(InjectedFault.MalformedJson, "not valid JSON")]
    [InlineData(InjectedFault.WrongContentType, "text/html")]
    [InlineData(InjectedFault.TruncatedBody, "not valid JSON")]
    internal void UnreadableAnswer_IsTransientWithTheRawAnswer(InjectedFault fault, string said)
    {
        var (contentType, body) = FakeDeviceBackend.Corrupt(fault, GoodAnswer);

        var error = Assert.Throws<BackendException>(() => ResultAnswer.Decode(contentType, body));

        Assert.Equal(BackendErrorKind.Transient, error.Kind);
        Assert.Contains(said, error.Message, StringComparison.Ordinal);
        Assert.Equal(body, error.RawAnswer!.Value.ToArray());
    }

    [Theory]
    [InlineData(InjectedFault.WrongBitWidth, "is not a 2-bit string")]
    [InlineData(InjectedFault.WrongSum, "counts sum to 101, not 100 shots")]
    internal async Task ReadableButWrongAnswer_FailsTheRunAsFatal_WithTheRawAnswerKept(InjectedFault fault, string said)
    {
        var (contentType, body) = FakeDeviceBackend.Corrupt(fault, GoodAnswer);
        var decoded = ResultAnswer.Decode(contentType, body);
        await using var fx = await EngineFixture.StartAsync();
        var run = (await fx.Service.SubmitAsync(EngineFixture.Inline(Bell, shots: 100), new SubmitOptions(), default)).Run!;
        var claimed = (await fx.Store.ClaimAsync(run.Id, "w", TimeSpan.FromMinutes(1), default))!;
        var prepared = Submission.ExperimentPreparation.Prepare(
            System.Text.Json.JsonSerializer.Deserialize<Submission.ExperimentSpec>(claimed.Experiment.SpecJson, Submission.SpecJson.Options)!).Prepared!;

        var error = await Assert.ThrowsAsync<BackendException>(() =>
            new Ingestion.ResultIngestor(fx.Store, fx.Artifacts).IngestAsync(claimed.Run, prepared, decoded, null, null, "w", null, default));

        Assert.Equal(BackendErrorKind.Fatal, error.Kind);
        Assert.Contains(said, error.Message, StringComparison.Ordinal);
        Assert.Equal(body, error.RawAnswer!.Value.ToArray());
        Assert.Null(await fx.Service.GetResultAsync(run.Id, default));
    }

    [Fact]
    public async Task DeviceAnsweringOnlyGarbage_FailsTheRunClassified_EveryAnswerKeptAsAnArtifact()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        var home = Path.Combine(Path.GetTempPath(), "qxm-bad-" + Guid.NewGuid().ToString("N"));
        var device = new FakeDeviceBackend(DeviceFileReader.Read(
            """
            { "name": "garbage", "qubits": 2, "maxShots": 1000, "maxCircuits": 10,
              "operations": [ { "name": "h" }, { "name": "cx" } ],
              "calibration": { "takenAt": "2026-12-01T00:00:00Z", "t1Us": 100, "t2Us": 80, "readoutError": 0.01 },
              "faults": { "seed": 5, "malformedResult": { "probability": 1 } } }
            """, "garbage.json"), clock);
        var store = await SqliteStore.OpenAsync(Path.Combine(home, "qxm.db"), clock, default);
        var artifacts = new FileArtifactStore(Path.Combine(home, "artifacts"));
        try
        {
            using var engine = new QxmEngine(EngineStores.Over(store, artifacts), new BackendRegistry([device]), new EngineOptions(), clock);
            var run = (await engine.Service.SubmitAsync(EngineFixture.Inline(Bell, shots: 100) with { Backend = "fake.garbage" }, new SubmitOptions(), default)).Run!;

            var once = engine.RunOnceAsync("w", default);
            while (!once.IsCompleted)
            {
                clock.Advance(TimeSpan.FromSeconds(1));
                await Task.WhenAny(once, Task.Delay(5));
            }

            await once;
            var read = (await engine.Service.GetAsync(run.Id, default))!;
            Assert.Equal(RunState.Failed, read.State);
            Assert.StartsWith("Fatal: backend returned an invalid result", read.Error, StringComparison.Ordinal);
            var bad = read.BackendAttempts.Where(a => a.Operation == "result" && a.Outcome != "ok").ToList();
            Assert.NotEmpty(bad);
            Assert.All(bad, a => Assert.NotNull(a.Artifact));
            foreach (var attempt in bad)
            {
                Assert.NotNull(await artifacts.GetAsync(attempt.Artifact!, default));
            }

            Assert.Null(await engine.Service.GetResultAsync(run.Id, default));
        }
        finally
        {
            await store.DisposeAsync();
            Directory.Delete(home, recursive: true);
        }
    }

    [Fact]
    public async Task ExampleFlakyDevice_RidesOutItsFaultPlan_ToTheRightCounts()
    {
        var examples = EngineFixture.ExamplesDirectory;
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        var home = Path.Combine(Path.GetTempPath(), "qxm-flaky-" + Guid.NewGuid().ToString("N"));
        var device = new FakeDeviceBackend(DeviceFileReader.Read(await File.ReadAllTextAsync(Path.Combine(examples, "devices", "flaky.json")), "flaky.json"), clock);
        var store = await SqliteStore.OpenAsync(Path.Combine(home, "qxm.db"), clock, default);
        try
        {
            using var engine = new QxmEngine(EngineStores.Over(store, new FileArtifactStore(Path.Combine(home, "artifacts"))), new BackendRegistry([device]), new EngineOptions(), clock);
            var source = await File.ReadAllTextAsync(Path.Combine(examples, "flaky-bell.qasm"));
            var ids = new List<string>();
            for (var seed = 1UL; seed <= 5; seed++)
            {
                ids.Add((await engine.Service.SubmitAsync(EngineFixture.Inline(source, shots: 500, seed: seed) with { Backend = "fake.flaky" }, new SubmitOptions(), default)).Run!.Id);
            }

            for (var i = 0; i < ids.Count; i++)
            {
                var once = engine.RunOnceAsync("w", default);
                while (!once.IsCompleted)
                {
                    clock.Advance(TimeSpan.FromSeconds(1));
                    await Task.WhenAny(once, Task.Delay(5));
                }

                await once;
            }

            var faults = 0;
            foreach (var id in ids)
            {
                var run = (await engine.Service.GetAsync(id, default))!;
                Assert.True(run.State == RunState.Succeeded, $"{run.State}: {run.Error}");
                // The device simulates with its calibration's noise: a Bell pair, give or take a few errors.
                var counts = (await engine.Service.GetResultAsync(id, default))!.Points[0].Counts;
                Assert.InRange(counts.GetValueOrDefault("00") + counts.GetValueOrDefault("11"), 450, 500);
                faults += run.BackendAttempts.Count(a => a.Outcome != "ok");
            }

            Assert.True(faults > 0, "the plan injected no fault");
        }
        finally
        {
            await store.DisposeAsync();
            Directory.Delete(home, recursive: true);
        }
    }

    private const string Bell = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] q;\nbit[2] c;\nh q[0];\ncx q[0], q[1];\nc = measure q;\n";
}
