using Microsoft.Extensions.Time.Testing;
using Qxm.Backends.Registry;
using Qxm.Domain.Runs;
using Qxm.Domain.Tenancy;
using Qxm.Engine.Api;
using Qxm.Engine.Audit;
using Qxm.Engine.Persistence;
using Qxm.Engine.Reproduction;
using Qxm.Engine.Retention;
using Qxm.Engine.Tenancy;
using Qxm.Engine.Tests.Engine;
using Qxm.Engine.Tests.Storage;
using Qxm.Storage.Artifacts;
using Qxm.Storage.Audit;
using Qxm.Storage.Relational;

namespace Qxm.Engine.Tests.Retention;

/// <summary>Retention over a real engine, store and artifact directories, on a fake clock: expired results move to the
/// archive and stay readable, Rejected runs are collected, nothing referenced is lost and the audit chain verifies.</summary>
public abstract class RetentionContract : IAsyncLifetime, IDisposable
{
    private const string Bell = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\ncreg c[2];\nh q[0];\ncx q[0],q[1];\nmeasure q -> c;\n";

    private readonly string _directory = Directory.CreateTempSubdirectory("qxm-retention-").FullName;
    private TestDatabase? _database;
    private QxmEngine? _engine;

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));

    private static TenantCatalog Tenants { get; } = new([
        new Tenant { Id = "lab", Retention = new RetentionPolicy(TimeSpan.FromDays(30), RetentionExpiry.Archive, TimeSpan.FromDays(7)) },
        new Tenant { Id = "scratch", Retention = new RetentionPolicy(TimeSpan.FromDays(30), RetentionExpiry.Delete) },
        new Tenant { Id = "keep" },
    ]);

    private RelationalStore Store => _database!.Store;

    private FileArtifactStore Primary { get; set; } = null!;

    private FileArtifactStore Archive { get; set; } = null!;

    private QxmEngine Engine => _engine!;

    /// <summary>True to run on the test PostgreSQL server, false on SQLite.</summary>
    protected abstract bool OnPostgres { get; }

    public async Task InitializeAsync()
    {
        _database = OnPostgres ? await TestDatabase.PostgresAsync(Clock) : await TestDatabase.SqliteAsync(Clock);
        Primary = new FileArtifactStore(Path.Combine(_directory, "artifacts"));
        Archive = new FileArtifactStore(Path.Combine(_directory, "archive"));
    }

    public void Dispose()
    {
        _engine?.Dispose();
        GC.SuppressFinalize(this);
    }

    public async Task DisposeAsync()
    {
        _engine?.Dispose();
        _engine = null;
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    [SkippableFact]
    public async Task Collect_ExpiredData_ArchivesResultsCollectsRejectedKeepsTheRestAndTheChainVerifies()
    {
        var collector = Open(withArchive: true);
        var archived = await RunAsync("lab");
        var kept = await RunAsync("keep");
        var rejected = (await Engine.Service.SubmitAsync(EngineFixture.Inline("OPENQASM 2.0;\nqreg q[60];\n"), new SubmitOptions(Tenant: "lab"), default)).RejectedRunId!;
        var resultHash = (await ResultAsync(archived.Id))!.ArtifactHash;
        var resultFile = FileOf("artifacts", resultHash);
        var sourceHash = (await Store.GetExperimentAsync(archived.Fingerprint, default))!.CircuitArtifact;

        Clock.Advance(TimeSpan.FromDays(6));
        Assert.Empty((await collector.CollectAsync(dryRun: false, default)).Lines);
        Clock.Advance(TimeSpan.FromDays(25));

        var plan = await collector.CollectAsync(dryRun: true, default);
        var size = new FileInfo(resultFile).Length;
        Assert.Contains(new RetentionLine(RetentionKinds.ResultsArchived, "lab", 1, 1, size), plan.Lines);
        Assert.Contains(plan.Lines, l => l is { Kind: RetentionKinds.RejectedCollected, Tenant: "lab", Runs: 1, Bytes: > 0 });
        Assert.True(File.Exists(resultFile));
        Assert.Equal(RunState.Succeeded, (await Engine.Service.GetAsync(archived.Id, default))!.State);
        Assert.NotNull(await Engine.Service.GetAsync(rejected, default));

        var done = await collector.CollectAsync(dryRun: false, default);

        Assert.Equal(plan.Lines, done.Lines);
        Assert.False(File.Exists(resultFile));
        Assert.True(File.Exists(FileOf("archive", resultHash)));
        Assert.True(File.Exists(FileOf("artifacts", sourceHash)));
        Assert.Equal(RunState.Archived, (await Engine.Service.GetAsync(archived.Id, default))!.State);
        Assert.Equal(RunState.Succeeded, (await Engine.Service.GetAsync(kept.Id, default))!.State);
        Assert.Null(await Engine.Service.GetAsync(rejected, default));
        foreach (var table in (string[])["run_transitions", "run_costs", "run_links", "run_calibrations", "run_tags", "run_submitters"])
        {
            Assert.True(await _database!.CountRowsNamingAsync(table, rejected) == 0, $"{table} still names the collected run");
        }

        Assert.NotNull(await Engine.Service.GetResultAsync(archived.Id, default));
        var provenance = await Engine.ProvenanceFor(Engine.Service, null).GetProvenanceAsync(archived.Id, default);
        Assert.Contains(provenance!.Artifacts, a => a.Hash == resultHash);
        Assert.Equal(RunState.Archived, provenance.Transitions[^1].To);
        Assert.Empty((await collector.CollectAsync(dryRun: false, default)).Lines);

        var verification = await new AuditVerifier(Store, new FileCheckpointLog(Path.Combine(_directory, "checkpoints.log")),
            AuditKeyFile.LoadOrCreate(Path.Combine(_directory, "audit.key"))).VerifyAsync(default);
        Assert.True(verification.Intact, verification.Summary);
        Assert.Single(await ((IAuditLog)Store).ListAsync(new AuditQuery(Action: "retention.collected"), default), e => e.Entry.Tenant == "lab");
        Assert.Single(await ((IAuditLog)Store).ListAsync(new AuditQuery(Action: "run.archived", RunId: archived.Id), default));
    }

    [SkippableFact]
    public async Task Reproduce_ArchivedRun_ReadsItsResultFromTheArchiveAndIsIdentical()
    {
        var collector = Open(withArchive: true);
        var original = await RunAsync("lab");
        Clock.Advance(TimeSpan.FromDays(31));
        await collector.CollectAsync(dryRun: false, default);
        Assert.Equal(RunState.Archived, (await Engine.Service.GetAsync(original.Id, default))!.State);

        var reproduce = Engine.ReproduceFor(Engine.Service);
        var outcome = await reproduce.ReproduceAsync(original.Id, null, null, default);
        Assert.Equal(ReproduceStatus.Submitted, outcome.Status);
        Assert.True(await Engine.RunOnceAsync("w", default));
        var comparison = await reproduce.CompareAsync(outcome.Rerun!.Id, default);

        Assert.Equal(ReproduceVerdict.Identical, comparison.Comparison!.Verdict);
    }

    [SkippableFact]
    public async Task Collect_NoArchiveStore_HoldsRunsDueForTheArchive_DeletePolicyStillApplies()
    {
        var collector = Open(withArchive: false);
        var held = await RunAsync("lab");
        var deleted = await RunAsync("scratch");
        var resultFile = FileOf("artifacts", (await ResultAsync(held.Id))!.ArtifactHash);
        Clock.Advance(TimeSpan.FromDays(31));

        var report = await collector.CollectAsync(dryRun: false, default);

        Assert.Contains(report.Lines, l => l is { Kind: RetentionKinds.ResultsHeld, Tenant: "lab", Runs: 1 });
        Assert.Contains(report.Lines, l => l is { Kind: RetentionKinds.RawAnswersDeleted, Tenant: "scratch", Runs: 1 });
        Assert.True(File.Exists(resultFile));
        Assert.Equal(RunState.Succeeded, (await Engine.Service.GetAsync(held.Id, default))!.State);
        Assert.Equal(RunState.Archived, (await Engine.Service.GetAsync(deleted.Id, default))!.State);
        Assert.NotNull(await Engine.Service.GetResultAsync(deleted.Id, default));
    }

    [SkippableFact]
    public async Task Collect_ResultDocumentStillSpooled_WritesItOutThenArchivesIt_LeavingNothingBehind()
    {
        // The engine's spooler cannot write results' documents (its artifact store refuses them): the document stays in
        // the spool, as it does when the process that spooled it died and no sweep has run since.
        var collector = Open(withArchive: true, engineArtifacts: artifacts => new RefusingResults(artifacts));
        var run = await RunAsync("lab", written: false);
        var hash = (await ResultAsync(run.Id))!.ArtifactHash;
        var document = await Store.GetSpooledAsync(hash, default);
        Assert.NotNull(document);
        Assert.False(File.Exists(FileOf("artifacts", hash)));
        Clock.Advance(TimeSpan.FromDays(31));

        var plan = await collector.CollectAsync(dryRun: true, default);
        Assert.NotNull(await Store.GetSpooledAsync(hash, default));
        var done = await collector.CollectAsync(dryRun: false, default);

        Assert.Contains(new RetentionLine(RetentionKinds.ResultsArchived, "lab", 1, 1, document.Length), plan.Lines);
        Assert.Equal(plan.Lines, done.Lines);
        Assert.Equal(RunState.Archived, (await Engine.Service.GetAsync(run.Id, default))!.State);
        Assert.Null(await Store.GetSpooledAsync(hash, default));
        Assert.False(File.Exists(FileOf("artifacts", hash)));
        Assert.Equal(document, await File.ReadAllBytesAsync(FileOf("archive", hash)));
        Assert.NotNull(await Engine.Service.GetResultAsync(run.Id, default));
    }

    /// <param name="engineArtifacts">Wraps the artifact store the engine writes through (retention's stays the real one).</param>
    private RetentionCollector Open(bool withArchive, Func<IArtifactStore, IArtifactStore>? engineArtifacts = null)
    {
        IArtifactTier artifacts = withArchive ? new TieredArtifactStore(Primary, Archive) : Primary;
        _engine = new QxmEngine(EngineStores.Over(Store, engineArtifacts?.Invoke(artifacts) ?? artifacts),
            BackendRegistry.CreateDefault(Path.Combine(_directory, "devices"), Clock), new EngineOptions(), Clock, Tenants);
        var options = new EngineOptions();
        return new RetentionCollector(Tenants, new RetentionStores(Store, Store, Store, Store, Store, Store, Primary, withArchive ? Archive : null, Store),
            new ArtifactRetention(Store, artifacts, options, Clock, artifacts), Clock);
    }

    /// <param name="written">Whether to wait for the result's document to be written out of the spool.</param>
    private async Task<Run> RunAsync(string tenant, bool written = true)
    {
        var run = (await Engine.Service.SubmitAsync(EngineFixture.Inline(Bell, seed: 5), new SubmitOptions(Tenant: tenant), default)).Run!;
        Assert.True(await Engine.RunOnceAsync("w", default));
        Assert.Equal(RunState.Succeeded, (await Engine.Service.GetAsync(run.Id, default))!.State);
        if (written)
        {
            await EngineFixture.WaitWrittenAsync(Primary, (await ResultAsync(run.Id))!.ArtifactHash);
        }

        return run;
    }

    private string FileOf(string tier, string hash) => Path.Combine(_directory, tier, hash[..2], hash[2..]);

    private Task<RunResult?> ResultAsync(string runId) => ((IResultStore)Store).GetAsync(runId, default);

    /// <summary>An artifact store that refuses to store results' documents (all else passes), so they stay spooled.</summary>
    private sealed class RefusingResults(IArtifactStore inner) : IArtifactStore
    {
        public Task<string> PutAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
            content.Span.StartsWith("{\"id\":\"r-"u8)
                ? Task.FromException<string>(new IOException("this test's artifact store refuses results' documents"))
                : inner.PutAsync(content, cancellationToken);

        public Task<byte[]?> GetAsync(string hash, CancellationToken cancellationToken) => inner.GetAsync(hash, cancellationToken);
    }
}
