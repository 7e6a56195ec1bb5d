using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Qxm.Backends.Registry;
using Qxm.Backends.Vendors;
using Qxm.Domain.Runs;
using Qxm.Engine.Api;
using Qxm.Engine.Experiments;
using Qxm.Engine.Persistence;
using Qxm.Engine.Resilience;
using Qxm.Engine.Tests.Engine;
using Qxm.Engine.Tests.Vendors;
using Qxm.Engine.Tests.Vendors.Ibm;
using Qxm.Storage.Artifacts;
using Qxm.Storage.Sqlite;

namespace Qxm.Engine.Tests.Dispatch;

/// <summary>The at-least-once edge: a live process whose lease lapses (its heartbeat starved, deterministically: its
/// renewals are dropped) while its IBM submit is in flight. The run is claimed again, and IBM must still get one job:
/// the new attempt waits out the call in flight and takes its job over, the old attempt's result is refused by its
/// attempt number, and the process that still executes the run does not claim it again.</summary>
public sealed class LeaseFenceTests : IAsyncLifetime
{
    // Counted so that the fake clock waits for calls on the wire, not only for the thread pool (the class's tests run one at a time).
    private static readonly InFlightHandler Calls = new() { InnerHandler = new SocketsHttpHandler() };
    private static readonly HttpClient Client = new(Calls);
    private static readonly EngineOptions Options = new() { Lease = TimeSpan.FromSeconds(5) };
    private static readonly ResilienceOptions Resilience = new() { AttemptTimeout = TimeSpan.FromSeconds(20) };

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero));
    private readonly string _home = Path.Combine(Path.GetTempPath(), "qxm-fence-" + Guid.NewGuid().ToString("N"));
    private FakeIbmServer _ibm = null!;
    private SqliteStore _store = null!;
    private FileArtifactStore _artifacts = null!;

    public async Task InitializeAsync()
    {
        _ibm = await FakeIbmServer.StartAsync(_clock);
        Directory.CreateDirectory(_home);
        _store = await SqliteStore.OpenAsync(Path.Combine(_home, "qxm.db"), _clock, default);
        _artifacts = new FileArtifactStore(Path.Combine(_home, "artifacts"));
    }

    public async Task DisposeAsync()
    {
        _ibm.HoldSubmits?.TrySetResult();
        await _store.DisposeAsync();
        await _ibm.DisposeAsync();
        Directory.Delete(_home, recursive: true);
    }

    [Fact]
    public async Task LeaseLapsesMidSubmit_AnotherProcessClaimsTheRun_IbmGetsOneJobAndTheOldAttemptsResultIsRefused()
    {
        using var starved = Engine(starveRenewals: true);
        using var other = Engine(starveRenewals: false);
        var runId = await SubmitAsync(starved);

        var first = StartHeldSubmitAsync(starved, "starved-worker");
        await LapseAsync();
        Assert.Equal(1, await _store.RequeueExpiredAsync(default));
        var second = other.RunOnceAsync("other-worker", default);
        // The second attempt has seen the first's call in flight (its own mark replaces the first's) before that call answers.
        await EngineFixture.WaitUntilAsync(async () => await SubmitAttemptAsync(runId) == 2, "the second attempt to mark its submit");
        await ReleaseSubmitAsync(runId);

        await DriveClockAsync(first, second);

        var run = (await _store.GetAsync(runId, default))!;
        Assert.Equal((RunState.Succeeded, 2), (run.State, run.Attempts));
        Assert.Equal(1, Assert.Single(_ibm.JobsPerKey()).Value);
        var attempts = await _store.ListAttemptsAsync(runId, default);
        Assert.Contains(attempts, a => a.Operation == "submit" && a.Message?.Contains("attempt 1's submit, in flight when its lease lapsed, made the job", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task LeaseLapsesMidSubmit_TheProcessStillExecutingItDoesNotClaimItAgain_AndIbmGetsOneJob()
    {
        using var starved = Engine(starveRenewals: true);
        var runId = await SubmitAsync(starved);

        var first = StartHeldSubmitAsync(starved, "starved-worker");
        await LapseAsync();
        Assert.Equal(1, await _store.RequeueExpiredAsync(default));

        Assert.False(await starved.RunOnceAsync("same-process-worker", default));
        Assert.Equal(1, (await _store.GetAsync(runId, default))!.Attempts);

        await ReleaseSubmitAsync(runId);
        await DriveClockAsync(first);
        // Its own attempt could not complete a run that is no longer Running; once it ends, the run is claimed here again
        // and follows the job the first attempt made.
        var again = starved.RunOnceAsync("same-process-worker", default);
        await DriveClockAsync(again);

        var run = (await _store.GetAsync(runId, default))!;
        Assert.Equal((RunState.Succeeded, 2), (run.State, run.Attempts));
        Assert.Equal(1, Assert.Single(_ibm.JobsPerKey()).Value);
    }

    [Fact]
    public async Task FirstAttempt_MarksTheFenceOnceForItsOneSubmitCall()
    {
        var fence = new CountedMarks(_store);
        using var engine = Engine(starveRenewals: false, fence);
        var runId = await SubmitAsync(engine);

        await DriveClockAsync(engine.RunOnceAsync("worker", default));

        var run = (await _store.GetAsync(runId, default))!;
        Assert.Equal((RunState.Succeeded, 1), (run.State, run.Attempts));
        Assert.Equal(1, Assert.Single(fence.Attempts));
        Assert.Equal(1, Assert.Single(_ibm.JobsPerKey()).Value);
    }

    private QxmEngine Engine(bool starveRenewals, ISubmitFence? fence = null)
    {
        var stores = EngineStores.Over(_store, _artifacts);
        if (starveRenewals)
        {
            stores = stores with { BackendJobs = new StarvedRenewals(_store) };
        }

        if (fence is not null)
        {
            stores = stores with { SubmitFence = fence };
        }

        var ibm = VendorBackends.Create(IbmTorinoContract.Options(_ibm, "ibm.torino"), Client, _clock);
        return new QxmEngine(stores, new BackendRegistry([ibm]), Options, _clock, resilience: Resilience);
    }

    private static async Task<string> SubmitAsync(QxmEngine engine)
    {
        var loaded = ExperimentLoader.LoadText(
            $"name: fenced\nbackend: ibm.torino\nshots: 100\ncircuit:\n  source: |\n{string.Join('\n', IbmCircuits.Ghz(2).Split('\n').Select(l => "    " + l))}\n",
            ExperimentFormat.Yaml, "fenced.yaml", null);
        var submitted = await engine.Service.SubmitAsync(loaded.Experiment!, new SubmitOptions(), default);
        return submitted.Run?.Id ?? throw new InvalidOperationException(string.Join("; ", submitted.Diagnostics));
    }

    /// <summary>The first attempt claims the run and calls IBM, which holds the call unanswered.</summary>
    private Task<bool> StartHeldSubmitAsync(QxmEngine engine, string worker)
    {
        _ibm.HoldSubmits = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = engine.RunOnceAsync(worker, default);
        return WaitHeldAsync(running);
    }

    private async Task<bool> WaitHeldAsync(Task<bool> running)
    {
        await _ibm.SubmitHeld.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return await running;
    }

    /// <summary>Past the lease: the starved process renewed nothing, so its claim has expired.</summary>
    private async Task LapseAsync()
    {
        await EngineFixture.WaitUntilAsync(() => Task.FromResult(_ibm.SubmitHeld.Task.IsCompleted), "the first attempt's submit to reach IBM");
        _clock.Advance(Options.Lease + TimeSpan.FromSeconds(1));
        await VirtualTime.QuietAsync(OnlyTheHeldCallInFlight);
    }

    /// <summary>IBM answers the held call; the first attempt records the job it names.</summary>
    private async Task ReleaseSubmitAsync(string runId)
    {
        var held = _ibm.HoldSubmits!;
        _ibm.HoldSubmits = null;
        held.TrySetResult();
        await EngineFixture.WaitUntilAsync(async () => (await _store.GetJobAsync(runId, default))?.JobId is not null, "the first attempt to record IBM's job");
    }

    private async Task<int?> SubmitAttemptAsync(string runId)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_home, "qxm.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT submit_attempt FROM backend_jobs WHERE run_id = $run";
        command.Parameters.AddWithValue("$run", runId);
        return await command.ExecuteScalarAsync() is long attempt ? (int)attempt : null;
    }

    /// <summary>Moves the clock a second at a time until the tasks end; a wall-clock deadline turns a hang into a failure.</summary>
    private async Task DriveClockAsync(params Task[] tasks)
    {
        var wall = Stopwatch.StartNew();
        while (!tasks.All(t => t.IsCompleted))
        {
            Assert.True(wall.Elapsed < TimeSpan.FromSeconds(90), "the attempts did not end within 90 s of real time");
            _clock.Advance(TimeSpan.FromSeconds(1));
            await VirtualTime.QuietAsync(OnlyTheHeldCallInFlight);
        }

        await Task.WhenAll(tasks);
    }

    /// <summary>No call to IBM is on the wire except the submit IBM holds on purpose (while it holds one).</summary>
    private bool OnlyTheHeldCallInFlight() => Calls.InFlight <= (_ibm.HoldSubmits is { Task.IsCompleted: false } ? 1 : 0);

    /// <summary>The store's fence, with the attempt number of every mark it was asked for.</summary>
    private sealed class CountedMarks(ISubmitFence inner) : ISubmitFence
    {
        private readonly ConcurrentQueue<int> _attempts = new();

        public IReadOnlyCollection<int> Attempts => _attempts;

        public Task<SubmitMark> MarkSubmitAsync(string runId, string backend, int attempt, CancellationToken cancellationToken)
        {
            _attempts.Enqueue(attempt);
            return inner.MarkSubmitAsync(runId, backend, attempt, cancellationToken);
        }
    }

    /// <summary>The store, except that lease renewals are dropped: a heartbeat starved for as long as the test wants.</summary>
    private sealed class StarvedRenewals(IBackendJobs store) : IBackendJobs
    {
        public Task<BackendJobRecord> BeginAsync(string runId, string backend, string idempotencyKey, CancellationToken cancellationToken) =>
            store.BeginAsync(runId, backend, idempotencyKey, cancellationToken);

        public Task RecordJobIdAsync(string runId, string backend, string jobId, CancellationToken cancellationToken) =>
            store.RecordJobIdAsync(runId, backend, jobId, cancellationToken);

        public Task<BackendJobRecord?> GetJobAsync(string runId, CancellationToken cancellationToken) => store.GetJobAsync(runId, cancellationToken);

        public Task RecordAttemptAsync(string runId, BackendAttempt attempt, CancellationToken cancellationToken) =>
            store.RecordAttemptAsync(runId, attempt, cancellationToken);

        public Task<IReadOnlyList<BackendAttempt>> ListAttemptsAsync(string runId, CancellationToken cancellationToken) =>
            store.ListAttemptsAsync(runId, cancellationToken);

        public Task<bool> HandOverAsync(string runId, string workerId, string owner, CancellationToken cancellationToken) =>
            store.HandOverAsync(runId, workerId, owner, cancellationToken);

        public Task<int> RenewAllAsync(string owner, TimeSpan lease, CancellationToken cancellationToken) => Task.FromResult(0);
    }
}
