using Microsoft.Extensions.Time.Testing;
using Qxm.Backends.Registry;
using Qxm.Domain.Runs;
using Qxm.Domain.Tenancy;
using Qxm.Engine.Api;
using Qxm.Engine.Persistence;
using Qxm.Engine.Retention;
using Qxm.Engine.Tenancy;
using Qxm.Engine.Tests.Engine;
using Qxm.Engine.Tests.Storage;
using Qxm.Storage.Artifacts;
using Qxm.Tests.Shared;

namespace Qxm.Engine.Tests.Retention;

/// <summary>The archive tier in a real S3-compatible bucket: an expired result leaves the directory store, is read back
/// from the bucket, and the run is Archived.</summary>
public sealed class S3ArchiveRetentionTests : IAsyncLifetime, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("qxm-s3-archive-").FullName;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
    private TestS3Server? _server;
    private S3ArtifactStore? _archive;
    private TestDatabase? _database;
    private QxmEngine? _engine;

    public async Task InitializeAsync()
    {
        _server = await TestS3Server.StartAsync();
        if (_server is not null)
        {
            _archive = new S3ArtifactStore(_server.Options("qxm-archive", "archive/" + Guid.NewGuid().ToString("N")));
            await _archive.EnsureBucketAsync(default);
        }

        _database = await TestDatabase.SqliteAsync(_clock);
    }

    public void Dispose()
    {
        _engine?.Dispose();
        _archive?.Dispose();
        GC.SuppressFinalize(this);
    }

    public async Task DisposeAsync()
    {
        _engine?.Dispose();
        _engine = null;
        await _database!.DisposeAsync();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    [SkippableFact]
    public async Task Collect_ExpiredResult_MovesItIntoTheBucketAndReadsItBack()
    {
        Skip.If(_archive is null, "no S3-compatible server (node and tests/tools/s3)");
        var tenants = new TenantCatalog([new Tenant { Id = "lab", Retention = new RetentionPolicy(TimeSpan.FromDays(1)) }]);
        var store = _database!.Store;
        var primary = new FileArtifactStore(Path.Combine(_directory, "artifacts"));
        var tiered = new TieredArtifactStore(primary, _archive!);
        _engine = new QxmEngine(EngineStores.Over(store, tiered), BackendRegistry.CreateDefault(Path.Combine(_directory, "devices"), _clock),
            new EngineOptions(), _clock, tenants);
        var collector = new RetentionCollector(tenants, new RetentionStores(store, store, store, store, store, store, primary, _archive),
            new ArtifactRetention(store, tiered, new EngineOptions(), _clock, tiered), _clock);
        var run = (await _engine.Service.SubmitAsync(EngineFixture.Inline("OPENQASM 2.0;\nqreg q[1];\ncreg c[1];\nmeasure q -> c;\n"),
            new SubmitOptions(Tenant: "lab"), default)).Run!;
        Assert.True(await _engine.RunOnceAsync("w", default));
        var hash = (await ((IResultStore)store).GetAsync(run.Id, default))!.ArtifactHash;
        await EngineFixture.WaitWrittenAsync(primary, hash);
        var bytes = await primary.GetAsync(hash, default);
        _clock.Advance(TimeSpan.FromDays(2));

        var report = await collector.CollectAsync(dryRun: false, default);

        Assert.Equal([new RetentionLine(RetentionKinds.ResultsArchived, "lab", 1, 1, bytes!.Length)], report.Lines);
        Assert.Null(await primary.GetAsync(hash, default));
        Assert.Equal(bytes, await _archive!.GetAsync(hash, default));
        Assert.Equal(bytes, await tiered.GetAsync(hash, default));
        Assert.Equal(RunState.Archived, (await _engine.Service.GetAsync(run.Id, default))!.State);
    }
}
