using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Qxm.Backends.Devices;
using Qxm.Backends.Registry;
using Qxm.Domain.Backends;
using Qxm.Domain.Runs;
using Qxm.Engine.Api;
using Qxm.Engine.Persistence;
using Qxm.Engine.Resilience;
using Qxm.Engine.Tests.Engine;
using Qxm.Storage.Artifacts;
using Qxm.Storage.Sqlite;
using Xunit.Abstractions;

namespace Qxm.Engine.Tests.Dispatch;

/// <summary>A thousand runs through a fake device that rate-limits, fails, times out, expires its token and goes down
/// for a minute, all in virtual time over a real SQLite store: qxm must finish them, once each, on the record.</summary>
public sealed class ChaosTests(ITestOutputHelper output)
{
    private const int Runs = 1000;
    private const string Backend = "fake.chaos";

    private const string Device = """
        { "name": "chaos", "qubits": 2, "maxShots": 1000, "maxCircuits": 10,
          "operations": [ { "name": "x" }, { "name": "cx" } ],
          "coupling": { "edges": [ [0, 1] ] },
          "calibration": { "takenAt": "2026-12-01T00:00:00Z", "t1Us": 100, "t2Us": 80, "readoutError": 0.01 },
          "queue": { "delaySeconds": 5 },
          "faults": { "seed": 7,
            "rateLimited": { "probability": 0.3, "retryAfterSeconds": 1 },
            "transient": { "probability": 0.1 },
            "timeout": { "probability": 0.05, "seconds": 20 },
            "authExpiredEvery": 100,
            "outages": [ { "afterSeconds": 10, "forSeconds": 60 } ] } }
        """;

    [Fact]
    public async Task ThousandRuns_UnderAFaultPlanWithAnOutage_SucceedOnceEachOnTheRecord()
    {
        var wall = Stopwatch.StartNew();
        using var metrics = new RecordedMetrics(Backend);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        // A RAM disk where the machine has one: the test is about dispatch, not the disk's flush latency.
        var home = Path.Combine(Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath(), "qxm-chaos-" + Guid.NewGuid().ToString("N"));
        var device = new FakeDeviceBackend(DeviceFileReader.Read(Device, "chaos.json"), clock);
        await using var store = await SqliteStore.OpenAsync(Path.Combine(home, "qxm.db"), clock, default);
        var resilience = new ResilienceOptions
        {
            AttemptTimeout = TimeSpan.FromSeconds(10), BreakDuration = TimeSpan.FromSeconds(5),
            MaxRetryDelay = TimeSpan.FromSeconds(8), MaxPollInterval = TimeSpan.FromSeconds(5),
        };
        using var engine = new QxmEngine(
            EngineStores.Over(store, new FileArtifactStore(Path.Combine(home, "artifacts"))), new BackendRegistry([device]),
            new EngineOptions { Workers = 4, Lease = TimeSpan.FromHours(1) }, clock, resilience: resilience);
        try
        {
            var submissions = await Task.WhenAll(Enumerable.Range(0, Runs).Select(i => engine.Service.SubmitAsync(
                EngineFixture.Inline("OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] q;\nbit[2] c;\nx q[0];\ncx q[0], q[1];\nc = measure q;\n", shots: 50, seed: (ulong)i) with { Backend = Backend },
                new SubmitOptions(), default)));
            Assert.All(submissions, s => Assert.True(s.Accepted, string.Join("; ", s.Diagnostics)));
            var ids = submissions.Select(s => s.Run!.Id).ToList();

            output.WriteLine($"submitted {Runs} runs in {wall.Elapsed.TotalSeconds:0.0} s");
            using var stop = new CancellationTokenSource();
            var workers = engine.RunWorkersAsync(stop.Token);
            var seen = new List<(TimeSpan At, BackendAvailability State)>();
            var breakerOpenSeen = false;
            var start = clock.GetUtcNow();
            var finished = 0;
            for (var step = 0; finished < Runs; step++)
            {
                clock.Advance(TimeSpan.FromMilliseconds(250));
                await VirtualTime.QuietAsync();
                var health = engine.Health.Get(Backend).State;
                metrics.Observe();
                if (health == BackendAvailability.Unavailable)
                {
                    breakerOpenSeen |= metrics.Sum("qxm.backend.breaker.state", "state=open") == 1;
                }

                if (seen.Count == 0 || seen[^1].State != health)
                {
                    seen.Add((clock.GetUtcNow() - start, health));
                }

                if (step % 25 == 0)
                {
                    var all = await store.ListAsync(new RunQuery(Limit: 5000), default);
                    finished = all.Count(r => RunLifecycle.IsTerminal(r.State));
                    if (step % 200 == 0)
                    {
                        output.WriteLine($"{(clock.GetUtcNow() - start).TotalSeconds:0} s: " + string.Join(", ", all.CountBy(r => r.State).Select(p => $"{p.Key} {p.Value}")));
                    }
                }

                // Bounded in virtual time, which no machine's speed changes: the plan's faults end long before.
                Assert.True(clock.GetUtcNow() - start < TimeSpan.FromMinutes(60), $"{finished} of {Runs} runs finished after {clock.GetUtcNow() - start} virtual");
            }

            await stop.CancelAsync();
            await workers;

            var runs = await store.ListAsync(new RunQuery(Limit: 5000), default);
            var succeeded = runs.Count(r => r.State == RunState.Succeeded);
            long calls = 0, forced = 0;
            double worst = 0;
            foreach (var id in ids)
            {
                var counts = device.Counts($"qxm-{id}@{Backend}");
                Assert.True(counts.Jobs <= 1, $"run {id}: {counts.Jobs} backend jobs");
                var attempts = await store.ListAttemptsAsync(id, default);
                var recordedFaults = attempts.Count(a => !a.Local && a.Outcome != "ok");
                Assert.True(recordedFaults == counts.Faults, $"run {id}: the device injected {counts.Faults} faults, the run records {recordedFaults}");
                var needed = 4 + counts.Faults;
                calls += counts.Calls;
                forced += needed;
                worst = Math.Max(worst, counts.Calls / (double)needed);
            }

            output.WriteLine($"{succeeded} of {Runs} succeeded; {calls} calls for {forced} forced ({calls / (double)forced:0.000}x, worst run {worst:0.00}x); "
                + $"{clock.GetUtcNow() - start} virtual in {wall.Elapsed.TotalSeconds:0.0} s wall");
            output.WriteLine("breaker: " + string.Join(", ", seen.Select(s => $"{s.State} at {s.At.TotalSeconds:0.0} s")));
            Assert.True(succeeded >= Runs * 0.999, $"only {succeeded} of {Runs} succeeded");
            Assert.True(calls <= forced * 1.5, $"{calls} calls for {forced} forced");
            var opened = seen.FindIndex(s => s.State == BackendAvailability.Unavailable);
            Assert.InRange(opened, 0, seen.Count - 1);
            Assert.InRange(seen[opened].At.TotalSeconds, 10, 70);
            Assert.Equal(BackendAvailability.Online, seen[^1].State);
            Assert.True(seen[^1].At.TotalSeconds >= 70, "the breaker closed only after the outage");

            // The instruments say the same as the record: each run's end counted once, every failed call and retry by
            // its kind, the breaker gauge open while the breaker was and closed at the end.
            Assert.Equal(succeeded, metrics.Sum("qxm.runs.finished", "outcome=succeeded"));
            Assert.Equal(runs.Count(r => r.State == RunState.Failed), metrics.Sum("qxm.runs.finished", "outcome=failed"));
            Assert.Equal(succeeded, metrics.Sum("qxm.backend.attempts", "outcome=succeeded", "error_kind=none"));
            Assert.True(metrics.Sum("qxm.shots.executed") >= succeeded * 50.0);
            Assert.True(metrics.Sum("qxm.backend.retries", "error_kind=DeviceUnavailable") > 0);
            Assert.True(metrics.Sum("qxm.backend.retries", "error_kind=RateLimited") > 0);
            Assert.True(metrics.Sum("qxm.backend.retries", "error_kind=Transient") > 0);
            var failedCalls = 0;
            foreach (var id in ids)
            {
                failedCalls += (await store.ListAttemptsAsync(id, default)).Count(a => !a.Local && a.Outcome != "ok");
            }

            Assert.True(metrics.Sum("qxm.backend.request.duration", "outcome=error") >= failedCalls,
                $"{metrics.Sum("qxm.backend.request.duration", "outcome=error")} failed call spans for {failedCalls} failed calls on the record");
            Assert.True(breakerOpenSeen, "the breaker gauge read open while the breaker was open");
            metrics.Observe();
            Assert.Equal(1, metrics.Sum("qxm.backend.breaker.state", "state=closed"));
            Assert.True(metrics.Has("qxm.calibration.age"), "the calibration age of the device is published");
        }
        finally
        {
            engine.Dispose();
            await store.DisposeAsync();
            Directory.Delete(home, recursive: true);
        }
    }
}
