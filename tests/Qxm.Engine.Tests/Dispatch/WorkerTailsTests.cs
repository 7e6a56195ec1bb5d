using Qxm.Backends.Registry;
using Qxm.Domain.Runs;
using Qxm.Engine.Api;
using Qxm.Engine.Persistence;
using Qxm.Engine.Tests.Engine;
using Qxm.Storage.Artifacts;
using Qxm.Storage.Sqlite;

namespace Qxm.Engine.Tests.Dispatch;

public sealed class WorkerTailsTests
{
    private const string Tiny = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[1];\ncreg c[1];\nh q[0];\nmeasure q -> c;\n";

    [Theory]
    [InlineData(0)]
    [InlineData(65)]
    public void Validate_TailsPerWorkerOutOfBounds_Refused(int tails) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new EngineOptions { TailsPerWorker = tails }.Validate());

    [Fact]
    public async Task Worker_ResultsStoringSlowly_ComputesAheadUpToItsTailsThenWaits()
    {
        const int Tails = 3;
        var home = Path.Combine(Path.GetTempPath(), "qxm-tails-" + Guid.NewGuid().ToString("N"));
        var store = await SqliteStore.OpenAsync(Path.Combine(home, "qxm.db"), TimeProvider.System, default);
        var artifacts = new GatedArtifacts(new FileArtifactStore(Path.Combine(home, "artifacts")));
        // Without the spool, a result's tail puts its document before its commit: the gate holds the tails.
        using var engine = new QxmEngine(EngineStores.Over(store, artifacts) with { Artifacts = artifacts, Spool = null },
            BackendRegistry.CreateDefault(Directory.CreateDirectory(Path.Combine(home, "devices")).FullName, TimeProvider.System),
            new EngineOptions { Workers = 1, TailsPerWorker = Tails }, TimeProvider.System);
        using var stop = new CancellationTokenSource();
        Task? workers = null;
        try
        {
            var ids = new List<string>();
            for (var i = 0; i < Tails + 3; i++)
            {
                ids.Add((await engine.Service.SubmitAsync(EngineFixture.Inline(Tiny, seed: (ulong)i), new SubmitOptions(), default)).Run!.Id);
            }

            artifacts.Close();
            workers = engine.RunWorkersAsync(stop.Token);

            // The worker computes while earlier results wait to be stored: the tails it keeps plus the one just computed.
            await artifacts.WaitForWaitingAsync(Tails + 1);
            // Now it waits for a tail before it claims again: the rest stay queued, whatever the machine's speed.
            var states = await Task.WhenAll(ids.Select(id => engine.Service.GetAsync(id, default)));
            Assert.Equal(Tails + 1, states.Count(r => r!.State == RunState.Running));
            Assert.Equal(2, states.Count(r => r!.State == RunState.Queued));

            artifacts.Open();
            await EngineFixture.WaitUntilAsync(() => AllSucceededAsync(engine, ids), "every run succeeded once its result could be stored");

            Assert.Equal(Tails + 1, artifacts.MostWaiting);
        }
        finally
        {
            artifacts.Open();
            await stop.CancelAsync();
            if (workers is not null)
            {
                await workers;
            }

            await store.DisposeAsync();
            Directory.Delete(home, recursive: true);
        }
    }

    [Fact]
    public async Task Results_WhileTheArtifactStoreHoldsTheirDocuments_SucceedReadableFromTheSpoolThenWrittenOut()
    {
        var home = Path.Combine(Path.GetTempPath(), "qxm-spool-" + Guid.NewGuid().ToString("N"));
        var store = await SqliteStore.OpenAsync(Path.Combine(home, "qxm.db"), TimeProvider.System, default);
        var files = new FileArtifactStore(Path.Combine(home, "artifacts"));
        var artifacts = new GatedArtifacts(files);
        var stores = EngineStores.Over(store, artifacts);
        using var engine = new QxmEngine(stores,
            BackendRegistry.CreateDefault(Directory.CreateDirectory(Path.Combine(home, "devices")).FullName, TimeProvider.System),
            new EngineOptions { Workers = 1, TailsPerWorker = 1 }, TimeProvider.System);
        using var stop = new CancellationTokenSource();
        Task? workers = null;
        try
        {
            var ids = new List<string>();
            for (var i = 0; i < 4; i++)
            {
                ids.Add((await engine.Service.SubmitAsync(EngineFixture.Inline(Tiny, seed: (ulong)i), new SubmitOptions(), default)).Run!.Id);
            }

            artifacts.Close();
            workers = engine.RunWorkersAsync(stop.Token);

            // With one tail, a result waiting on its document's put would hold the second run back: none does.
            await EngineFixture.WaitUntilAsync(() => AllSucceededAsync(engine, ids), "every run succeeded while its document's put was held");

            await artifacts.WaitForWaitingAsync(1);
            var hashes = new List<string>();
            foreach (var id in ids)
            {
                var hash = (await engine.Service.GetResultAsync(id, default))!.ArtifactHash;
                hashes.Add(hash);
                Assert.Null(await files.GetAsync(hash, default));
                var document = await stores.Artifacts.GetAsync(hash, default);
                Assert.NotNull(document);
                Assert.Contains(id, System.Text.Encoding.UTF8.GetString(document), StringComparison.Ordinal);
            }

            artifacts.Open();
            await stop.CancelAsync();
            await workers;
            workers = null;

            // Once the workers stopped, every document is a file and the spool is empty.
            foreach (var hash in hashes)
            {
                Assert.NotNull(await files.GetAsync(hash, default));
                Assert.Null(await store.GetSpooledAsync(hash, default));
            }
        }
        finally
        {
            artifacts.Open();
            await stop.CancelAsync();
            if (workers is not null)
            {
                await workers;
            }

            await store.DisposeAsync();
            Directory.Delete(home, recursive: true);
        }
    }

    private static async Task<bool> AllSucceededAsync(QxmEngine engine, IEnumerable<string> ids) =>
        (await Task.WhenAll(ids.Select(id => engine.Service.GetAsync(id, default)))).All(r => r!.State == RunState.Succeeded);

    /// <summary>The real file store with a gate on the puts of results' documents (a worker's tails put them): while closed,
    /// such a put waits, so a test holds results in their tails without depending on the disk's speed. Other artifacts
    /// (calibration snapshots the workers' host records) pass.</summary>
    private sealed class GatedArtifacts(IArtifactStore inner) : IArtifactStore
    {
        private readonly object _lock = new();
        private TaskCompletionSource _gate = Opened();
        private int _waiting;

        public int MostWaiting { get; private set; }

        public void Close()
        {
            lock (_lock)
            {
                _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        public void Open()
        {
            lock (_lock)
            {
                _gate.TrySetResult();
            }
        }

        public Task WaitForWaitingAsync(int count) =>
            EngineFixture.WaitUntilAsync(() => Task.FromResult(Volatile.Read(ref _waiting) >= count), $"{count} puts waiting at the gate");

        public async Task<string> PutAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
        {
            Task gate;
            lock (_lock)
            {
                gate = IsResult(content.Span) ? _gate.Task : Task.CompletedTask;
                if (!gate.IsCompleted)
                {
                    _waiting++;
                    MostWaiting = Math.Max(MostWaiting, _waiting);
                }
            }

            if (!gate.IsCompleted)
            {
                await gate.WaitAsync(cancellationToken);
                lock (_lock)
                {
                    _waiting--;
                }
            }

            return await inner.PutAsync(content, cancellationToken);
        }

        public Task<byte[]?> GetAsync(string hash, CancellationToken cancellationToken) => inner.GetAsync(hash, cancellationToken);

        private static bool IsResult(ReadOnlySpan<byte> content) => content.StartsWith("{\"id\":\"r-"u8);

        private static TaskCompletionSource Opened()
        {
            var opened = new TaskCompletionSource();
            opened.SetResult();
            return opened;
        }
    }
}
