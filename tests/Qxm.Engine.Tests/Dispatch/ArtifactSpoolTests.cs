using Microsoft.Extensions.Time.Testing;
using Qxm.Backends.Registry;
using Qxm.Domain.Runs;
using Qxm.Engine.Api;
using Qxm.Engine.Persistence;
using Qxm.Engine.Tests.Engine;
using Qxm.Storage.Artifacts;
using Qxm.Storage.Sqlite;

namespace Qxm.Engine.Tests.Dispatch;

/// <summary>Results' documents spooled in their results' transactions and written out afterwards (decision 0043).</summary>
public sealed class ArtifactSpoolTests
{
    private const string Tiny = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[1];\ncreg c[1];\nh q[0];\nmeasure q -> c;\n";

    [Fact]
    public async Task Sweep_DocumentLeftSpooledByAProcessThatCouldNotWriteIt_IsWrittenOutByTheNextWorkers()
    {
        var home = Path.Combine(Path.GetTempPath(), "qxm-sweep-" + Guid.NewGuid().ToString("N"));
        var store = await SqliteStore.OpenAsync(Path.Combine(home, "qxm.db"), TimeProvider.System, default);
        var files = new FileArtifactStore(Path.Combine(home, "artifacts"));
        var devices = Directory.CreateDirectory(Path.Combine(home, "devices")).FullName;
        try
        {
            string runId;
            string hash;
            // The first process's artifact store refuses results' documents: they stay in the spool, readable there.
            using (var first = new QxmEngine(EngineStores.Over(store, new RefusingResults(files)), BackendRegistry.CreateDefault(devices, TimeProvider.System),
                       new EngineOptions { Workers = 1 }, TimeProvider.System))
            {
                runId = (await first.Service.SubmitAsync(EngineFixture.Inline(Tiny, seed: 3), new SubmitOptions(), default)).Run!.Id;
                Assert.True(await first.RunOnceAsync("w-first", default));
                Assert.Equal(RunState.Succeeded, (await first.Service.GetAsync(runId, default))!.State);
                hash = (await first.Service.GetResultAsync(runId, default))!.ArtifactHash;
            }

            Assert.Null(await files.GetAsync(hash, default));
            Assert.NotNull(await store.GetSpooledAsync(hash, default));

            // The next process's workers, later than the sweep's age, write it out when they start.
            var later = new FakeTimeProvider(DateTimeOffset.UtcNow + TimeSpan.FromMinutes(1));
            using var next = new QxmEngine(EngineStores.Over(store, files), BackendRegistry.CreateDefault(devices, later),
                new EngineOptions { Workers = 1 }, later);
            using var stop = new CancellationTokenSource();
            var workers = next.RunWorkersAsync(stop.Token);
            await EngineFixture.WaitUntilAsync(async () => await store.GetSpooledAsync(hash, default) is null, "the spooled document written out");

            await stop.CancelAsync();
            await workers;
            Assert.Contains(runId, System.Text.Encoding.UTF8.GetString((await files.GetAsync(hash, default))!), StringComparison.Ordinal);
        }
        finally
        {
            await store.DisposeAsync();
            Directory.Delete(home, recursive: true);
        }
    }

    /// <summary>A file store that fails every put of a result's document, as a disk that refuses it would.</summary>
    private sealed class RefusingResults(IArtifactStore inner) : IArtifactStore
    {
        public Task<string> PutAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
            content.Span.StartsWith("{\"id\":\"r-"u8) ? Task.FromException<string>(new IOException("no space left on device")) : inner.PutAsync(content, cancellationToken);

        public Task<byte[]?> GetAsync(string hash, CancellationToken cancellationToken) => inner.GetAsync(hash, cancellationToken);
    }
}
