using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Qxm.Backends.Contract;
using Qxm.Backends.Registry;
using Qxm.Domain.Backends;
using Qxm.Domain.Runs;
using Qxm.Engine.Api;
using Qxm.Engine.Persistence;
using Qxm.Engine.Resilience;
using Qxm.Engine.Tests.Dispatch;
using Qxm.Engine.Tests.Engine;
using Qxm.Engine.Tests.Vendors.IonQ;
using Qxm.Storage.Artifacts;
using Qxm.Storage.Sqlite;
using Xunit.Abstractions;

namespace Qxm.Engine.Tests.Vendors;

/// <summary>The resilience issue's chaos test with a vendor adapter over real HTTP: the fake rate-limits 30 % of calls,
/// fails 10 %, times out 5 % (a submit's job is made and its answer lost), expires the credential every 100 calls and is
/// down for 60 s of virtual time. Every run must succeed once, with one vendor job, within 1.5x the calls the faults
/// force. The breaker's opening during the outage depends on how many runs happen to call then, which varies with so
/// few runs: logged here, and asserted by the fake-device chaos test (Dispatch/ChaosTests) instead.</summary>
internal static class VendorChaos
{
    private const int Runs = 50;

    /// <param name="callsPerRun">The calls a run makes when nothing fails (submit, status polls, result).</param>
    public static async Task RunAsync(
        ITestOutputHelper output, FakeTimeProvider clock, IChaosVendorFake fake, InFlightHandler calls, IBackend backend, string circuit, int callsPerRun)
    {
        var wall = Stopwatch.StartNew();
        var backendId = backend.Info.Id;
        fake.QueueDelay = TimeSpan.FromSeconds(5);
        var home = Path.Combine(Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath(), $"qxm-{backendId}-" + Guid.NewGuid().ToString("N"));
        await using var store = await SqliteStore.OpenAsync(Path.Combine(home, "qxm.db"), clock, default);
        var resilience = new ResilienceOptions
        {
            AttemptTimeout = TimeSpan.FromSeconds(10), BreakDuration = TimeSpan.FromSeconds(5),
            MaxRetryDelay = TimeSpan.FromSeconds(8), MaxPollInterval = TimeSpan.FromSeconds(5),
        };
        using var engine = new QxmEngine(
            EngineStores.Over(store, new FileArtifactStore(Path.Combine(home, "artifacts"))), new BackendRegistry([backend]),
            new EngineOptions { Workers = 32, Lease = TimeSpan.FromHours(1) }, clock, resilience: resilience);
        try
        {
            var submissions = await Task.WhenAll(Enumerable.Range(0, Runs).Select(i => engine.Service.SubmitAsync(
                EngineFixture.Inline(circuit, shots: 50, seed: (ulong)i) with { Backend = backendId }, new SubmitOptions(), default)));
            Assert.All(submissions, s => Assert.True(s.Accepted, string.Join("; ", s.Diagnostics)));
            var ids = submissions.Select(s => s.Run!.Id).ToList();
            var start = clock.GetUtcNow();
            fake.Chaos = new FakeIonQChaos(7, RateLimited: 0.3, Transient: 0.1, Timeout: 0.05, AuthExpiredEvery: 100, start.AddSeconds(10), TimeSpan.FromSeconds(60));

            using var stop = new CancellationTokenSource();
            var workers = engine.RunWorkersAsync(stop.Token);
            var seen = new List<(TimeSpan At, BackendAvailability State)>();
            var finished = 0;
            for (var step = 0; finished < Runs; step++)
            {
                clock.Advance(TimeSpan.FromMilliseconds(250));
                await VirtualTime.QuietAsync(() => calls.InFlight == 0);
                var health = engine.Health.Get(backendId).State;
                if (seen.Count == 0 || seen[^1].State != health)
                {
                    seen.Add((clock.GetUtcNow() - start, health));
                }

                if (step % 10 == 0)
                {
                    var all = await store.ListAsync(new RunQuery(Limit: 5000), default);
                    finished = all.Count(r => RunLifecycle.IsTerminal(r.State));
                }

                // Bounded in virtual time, which no machine's speed changes: the plan's faults end long before.
                Assert.True(clock.GetUtcNow() - start < TimeSpan.FromMinutes(60), $"{finished} of {Runs} runs finished after {clock.GetUtcNow() - start} virtual");
            }

            await stop.CancelAsync();
            await workers;

            var runs = await store.ListAsync(new RunQuery(Limit: 5000), default);
            var succeeded = runs.Count(r => r.State == RunState.Succeeded);
            var perKey = fake.JobsPerKey();
            var forced = (Runs * callsPerRun) + fake.Injected;
            output.WriteLine($"{succeeded} of {Runs} succeeded; {fake.Calls} calls for {forced} forced ({fake.Calls / (double)forced:0.000}x), {fake.Injected} faults; "
                + $"{clock.GetUtcNow() - start} virtual in {wall.Elapsed.TotalSeconds:0.0} s wall");
            output.WriteLine("breaker: " + string.Join(", ", seen.Select(s => $"{s.State} at {s.At.TotalSeconds:0.0} s")));
            Assert.True(succeeded >= Runs * 0.999, $"only {succeeded} of {Runs} succeeded");
            Assert.All(ids, id => Assert.Equal(1, perKey.GetValueOrDefault($"qxm-{id}@{backendId}")));
            foreach (var id in ids.Take(20))
            {
                var attempts = await store.ListAttemptsAsync(id, default);
                Assert.Contains(attempts, a => a.Outcome == "ok");
            }

            Assert.True(fake.Calls <= forced * 1.5, $"{fake.Calls} calls for {forced} forced");
            Assert.Equal(BackendAvailability.Online, seen[^1].State);
        }
        finally
        {
            engine.Dispose();
            await store.DisposeAsync();
            Directory.Delete(home, recursive: true);
        }
    }
}

/// <summary>Counts the adapter's HTTP calls on the wire, so virtual time moves on only when none is in flight. One per
/// test class: classes run in parallel.</summary>
internal sealed class InFlightHandler : DelegatingHandler
{
    private int _inFlight;

    public int InFlight => Volatile.Read(ref _inFlight);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _inFlight);
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
