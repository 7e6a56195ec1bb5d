using Microsoft.Extensions.Time.Testing;
using Qxm.Backends.Registry;
using Qxm.Domain.Runs;
using Qxm.Engine.Api;
using Qxm.Engine.Persistence;
using Qxm.Engine.Resilience;
using Qxm.Engine.Tests.Engine;
using Qxm.Storage.Artifacts;
using Qxm.Storage.Sqlite;

namespace Qxm.Engine.Tests.Dispatch;

/// <summary>A device that is down for good, in virtual time over a real SQLite store: runs with approved alternatives
/// move to the first one their experiment validates against, and record from where, to where and why; a run without
/// alternatives fails on the device as before.</summary>
public sealed class FailoverTests
{
    private const string Bell = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] q;\nbit[2] c;\nx q[0];\ncx q[0], q[1];\nc = measure q;\n";

    [Fact]
    public async Task DeviceDown_RunsMoveToTheirFirstValidAlternative_AndRecordWhy()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        var home = Directory.CreateTempSubdirectory("qxm-failover-").FullName;
        var devices = Directory.CreateDirectory(Path.Combine(home, "devices")).FullName;
        await File.WriteAllTextAsync(Path.Combine(devices, "down.json"), Device("down", 2, 0.2,
            """, "faults": { "seed": 1, "outages": [ { "afterSeconds": 0, "forSeconds": 1000000 } ] }"""));
        await File.WriteAllTextAsync(Path.Combine(devices, "small.json"), Device("small", 1, 0.01, ""));
        await File.WriteAllTextAsync(Path.Combine(devices, "alt.json"), Device("alt", 2, 0.01, ""));
        await using var store = await SqliteStore.OpenAsync(Path.Combine(home, "qxm.db"), clock, default);
        var resilience = new ResilienceOptions
        {
            AttemptTimeout = TimeSpan.FromSeconds(10), BreakDuration = TimeSpan.FromSeconds(5), MaxRetries = 2,
            MaxRetryDelay = TimeSpan.FromSeconds(2), MaxPollInterval = TimeSpan.FromSeconds(5), RunDeadline = TimeSpan.FromMinutes(3),
        };
        using var engine = new QxmEngine(
            EngineStores.Over(store, new FileArtifactStore(Path.Combine(home, "artifacts"))),
            BackendRegistry.CreateDefault(devices, clock, Path.Combine(home, "jobs")),
            new EngineOptions { Workers = 2, Lease = TimeSpan.FromHours(1), FailoverAfter = TimeSpan.FromSeconds(30) }, clock, resilience: resilience);
        try
        {
            async Task<string> SubmitAsync(IReadOnlyList<string>? failover)
            {
                var outcome = await engine.Service.SubmitAsync(
                    EngineFixture.Inline(Bell, shots: 200, seed: 5) with { Backend = "fake.down", Failover = failover }, new SubmitOptions(), default);
                Assert.True(outcome.Accepted, string.Join("; ", outcome.Diagnostics));
                return outcome.Run!.Id;
            }

            var toDevice = await SubmitAsync(["fake.small", "fake.alt"]);
            var toSimulator = await SubmitAsync(["sim.noisy"]);
            var stays = await SubmitAsync(null);
            var refused = await engine.Service.SubmitAsync(
                EngineFixture.Inline(Bell) with { Backend = "fake.down", Failover = ["fake.nope"] }, new SubmitOptions(), default);
            Assert.Equal("experiment.bad-failover", Assert.Single(refused.Diagnostics).Rule);

            var failovers = new System.Collections.Concurrent.ConcurrentBag<(string? Backend, long Value)>();
            using var listener = new System.Diagnostics.Metrics.MeterListener
            {
                InstrumentPublished = (instrument, l) =>
                {
                    if (instrument.Name == "qxm.backend.failovers")
                    {
                        l.EnableMeasurementEvents(instrument);
                    }
                },
            };
            listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "backend")
                    {
                        failovers.Add((tag.Value as string, value));
                    }
                }
            });
            listener.Start();
            using var stop = new CancellationTokenSource();
            var workers = engine.RunWorkersAsync(stop.Token);
            var start = clock.GetUtcNow();
            while (await store.ListAsync(new RunQuery(Limit: 10), default) is var all && all.Any(r => !RunLifecycle.IsTerminal(r.State)))
            {
                var progress = string.Join("; ", all.Select(r => $"{r.Id} {r.State} on {r.Backend} after {r.Attempts} {r.Error}"));
                // Bounded in virtual time: every run ends by its 3-minute deadline whatever the machine's speed.
                Assert.True(clock.GetUtcNow() - start < TimeSpan.FromMinutes(30), $"the runs did not finish: {progress} at {clock.GetUtcNow():T}");
                clock.Advance(TimeSpan.FromMilliseconds(500));
                await VirtualTime.QuietAsync();
            }

            await stop.CancelAsync();
            await workers;

            var moved = (await engine.Service.GetAsync(toDevice, default))!;
            Assert.Equal((RunState.Succeeded, "fake.alt"), (moved.State, moved.Backend));
            Assert.Equal(("fake.down", 2), (moved.Failover!.From, moved.Failover.Tried));
            Assert.Contains("fake.down unavailable", moved.Failover.Reason, StringComparison.Ordinal);

            var simulated = (await engine.Service.GetAsync(toSimulator, default))!;
            Assert.Equal((RunState.Succeeded, "sim.noisy", "fake.down"), (simulated.State, simulated.Backend, simulated.Failover!.From));
            // Simulated under the original device's calibration, which the run names.
            var device = await engine.Calibration.GetCalibrationAsync("fake.down", null, null, default);
            Assert.Equal(device!.Current!.Hash, simulated.Calibration!.Hash);

            var failed = (await engine.Service.GetAsync(stays, default))!;
            Assert.Equal((RunState.Failed, "fake.down"), (failed.State, failed.Backend));
            Assert.StartsWith("DeviceUnavailable", failed.Error, StringComparison.Ordinal);

            var events = await store.ListAsync(new AuditQuery(Action: "run.failed-over"), default);
            Assert.Equal(new[] { toDevice, toSimulator }.Order(StringComparer.Ordinal), events.Select(e => e.Entry.ObjectId).Order(StringComparer.Ordinal));
            Assert.All(events, e => Assert.StartsWith("fake.down -> ", e.Entry.Detail, StringComparison.Ordinal));
            Assert.Equal(2, failovers.Sum(m => m.Backend == "fake.down" ? m.Value : 0));
        }
        finally
        {
            engine.Dispose();
            await store.DisposeAsync();
            Directory.Delete(home, recursive: true);
        }
    }

    private static string Device(string name, int qubits, double readoutError, string extra) => $$"""
        { "name": "{{name}}", "qubits": {{qubits}}, "maxShots": 1000, "maxCircuits": 10,
          "operations": [ { "name": "x" }, { "name": "cx" } ],
          "coupling": { "edges": [ {{(qubits > 1 ? "[0, 1]" : "")}} ] },
          "calibration": { "takenAt": "2026-12-01T00:00:00Z", "t1Us": 100, "t2Us": 80, "readoutError": {{readoutError}} }{{extra}} }
        """;
}
