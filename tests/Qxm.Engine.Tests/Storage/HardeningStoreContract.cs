using System.Text;
using Microsoft.Extensions.Time.Testing;
using Qxm.Domain.Runs;
using Qxm.Engine.Persistence;
using Qxm.Engine.Retention;
using Qxm.Storage.Artifacts;
using Qxm.Storage.Relational;

namespace Qxm.Engine.Tests.Storage;

/// <summary>Idempotency keys with request hashes and lifetimes, the stored-bytes quota, and the orphan journal with
/// retention, on every relational store.</summary>
public abstract class HardeningStoreContract : IAsyncLifetime
{
    private readonly string _artifactsDirectory = Path.Combine(Path.GetTempPath(), "qxm-artifacts-" + Guid.NewGuid().ToString("N"));

    protected FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected abstract RelationalStore Store { get; }

    public abstract Task InitializeAsync();

    public virtual Task DisposeAsync()
    {
        if (Directory.Exists(_artifactsDirectory))
        {
            Directory.Delete(_artifactsDirectory, recursive: true);
        }

        return Task.CompletedTask;
    }

    [SkippableFact]
    public async Task Create_SameKeySameHash_Replays_OtherHash_Refused()
    {
        var first = await Store.CreateAsync(Keyed("r-1", "k", "h1"), AdmissionLimits.None, default);
        var replay = await Store.CreateAsync(Keyed("r-2", "k", "h1"), AdmissionLimits.None, default);
        var other = await Store.CreateAsync(Keyed("r-3", "k", "h2"), AdmissionLimits.None, default);

        Assert.Equal(CreateStatus.Created, first.Status);
        Assert.Equal((CreateStatus.Duplicate, "r-1"), (replay.Status, replay.Run?.Id));
        Assert.Equal(CreateStatus.IdempotencyKeyReused, other.Status);
        Assert.Null(other.Run);
        Assert.Null(await Store.GetAsync("r-3", default));
    }

    [SkippableFact]
    public async Task Create_ExpiredKey_IsFreeForANewRequest()
    {
        await Store.CreateAsync(Keyed("r-1", "k", "h1"), AdmissionLimits.None, default);
        Clock.Advance(TimeSpan.FromHours(25));

        var later = await Store.CreateAsync(Keyed("r-2", "k", "h2", keysIssuedSince: Clock.GetUtcNow() - TimeSpan.FromHours(24)), AdmissionLimits.None, default);
        var replay = await Store.CreateAsync(Keyed("r-3", "k", "h2", keysIssuedSince: Clock.GetUtcNow() - TimeSpan.FromHours(24)), AdmissionLimits.None, default);

        Assert.Equal(CreateStatus.Created, later.Status);
        Assert.Equal((CreateStatus.Duplicate, "r-2"), (replay.Status, replay.Run?.Id));
    }

    [SkippableFact]
    public async Task Create_OverStoredBytes_RefusedAndJournalled()
    {
        var limits = new AdmissionLimits(null, null, DateTimeOffset.MinValue, MaxStoredBytes: 1500);
        var first = await Store.CreateAsync(Keyed("r-1", null, null, storedBytes: 1000), limits, default);
        var second = await Store.CreateAsync(Keyed("r-2", null, null, storedBytes: 1000, artifact: new string('c', 64)), limits, default);

        Assert.Equal(CreateStatus.Created, first.Status);
        Assert.Equal(CreateStatus.StoredBytesQuotaExceeded, second.Status);
        Assert.Equal(1000, await Store.StoredBytesAsync("default", default));
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([new OrphanCandidate(new string('c', 64), false)], await Store.ListOrphansAsync(Clock.GetUtcNow(), 10, default));
    }

    [SkippableFact]
    public async Task Retention_DeletesRefusedArtifacts_KeepsReferencedOnes()
    {
        var artifacts = new FileArtifactStore(_artifactsDirectory);
        var orphan = await artifacts.PutAsync("refused circuit"u8.ToArray(), default);
        var shared = await artifacts.PutAsync("shared circuit"u8.ToArray(), default);
        var full = new AdmissionLimits(0, null, DateTimeOffset.MinValue);
        Assert.Equal(CreateStatus.QueueFull, (await Store.CreateAsync(Keyed("r-1", null, null, artifact: orphan), full, default)).Status);
        Assert.Equal(CreateStatus.QueueFull, (await Store.CreateAsync(Keyed("r-2", null, null, artifact: shared, fingerprint: "f2"), full, default)).Status);
        // The same circuit admitted afterwards: the journal entry remains, but the artifact is referenced now.
        Assert.Equal(CreateStatus.Created, (await Store.CreateAsync(Keyed("r-3", null, null, artifact: shared, fingerprint: "f2"), AdmissionLimits.None, default)).Status);
        var retention = new ArtifactRetention(Store, artifacts, new EngineOptions(), Clock);

        Assert.Equal(0, await retention.RunOnceAsync(default));
        Clock.Advance(TimeSpan.FromHours(2));
        var deleted = await retention.RunOnceAsync(default);

        Assert.Equal(1, deleted);
        Assert.Null(await artifacts.GetAsync(orphan, default));
        Assert.NotNull(await artifacts.GetAsync(shared, default));
        Assert.Empty(await Store.ListOrphansAsync(Clock.GetUtcNow(), 10, default));
    }

    [SkippableFact]
    public async Task Pruning_PutDuringDelete_KeepsTheArtifact()
    {
        _ = Store;
        var artifacts = new FileArtifactStore(_artifactsDirectory);
        var bytes = Encoding.UTF8.GetBytes("raced circuit");
        var hash = await artifacts.PutAsync(bytes, default);

        // A submission puts the same bytes while retention holds the file aside, at the worst moment.
        var deleted = await artifacts.DeleteIfOrphanedAsync(hash, DateTimeOffset.UtcNow.AddHours(1), async ct =>
        {
            await artifacts.PutAsync(bytes, ct);
            return true;
        }, default);

        Assert.True(deleted);
        Assert.Equal(bytes, await artifacts.GetAsync(hash, default));
    }

    [SkippableFact]
    public async Task Pruning_RecentlyTouched_NotDeleted()
    {
        _ = Store;
        var artifacts = new FileArtifactStore(_artifactsDirectory);
        var hash = await artifacts.PutAsync("fresh"u8.ToArray(), default);

        Assert.False(await artifacts.DeleteIfOrphanedAsync(hash, DateTimeOffset.UtcNow.AddHours(-1), _ => Task.FromResult(true), default));
        Assert.NotNull(await artifacts.GetAsync(hash, default));
    }

    private NewRun Keyed(string id, string? key, string? hash, DateTimeOffset? keysIssuedSince = null, long storedBytes = 0, string? artifact = null, string fingerprint = "f1")
    {
        var now = Clock.GetUtcNow();
        var run = new Run
        {
            Id = id, Name = "exp", Fingerprint = fingerprint, Backend = "sim.statevector", Shots = 10, SweepPoints = 1,
            State = RunState.Queued, CreatedAt = now, UpdatedAt = now, Tenant = "default",
        };
        return new NewRun(run, new ExperimentVersion(fingerprint, "exp", "{\"spec\":1}", artifact ?? new string('b', 64), now), [], key,
            hash, keysIssuedSince, storedBytes);
    }
}

public sealed class SqliteHardeningStoreTests : HardeningStoreContract
{
    private TestDatabase? _database;

    protected override RelationalStore Store => _database!.Store;

    public override async Task InitializeAsync() => _database = await TestDatabase.SqliteAsync(Clock);

    public override async Task DisposeAsync()
    {
        await _database!.DisposeAsync();
        await base.DisposeAsync();
    }
}

public sealed class PostgresHardeningStoreTests : HardeningStoreContract
{
    private TestDatabase? _database;

    protected override RelationalStore Store => _database!.Store;

    public override async Task InitializeAsync() => _database = await TestDatabase.PostgresAsync(Clock);

    public override async Task DisposeAsync()
    {
        await _database!.DisposeAsync();
        await base.DisposeAsync();
    }
}
