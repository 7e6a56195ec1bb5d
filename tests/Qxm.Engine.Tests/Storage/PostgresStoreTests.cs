using Qxm.Engine.Persistence;
using Qxm.Storage.Postgres;
using Qxm.Tests.Shared;

namespace Qxm.Engine.Tests.Storage;

public sealed class PostgresStoreTests : RunStoreContract
{
    private TestDatabase? _database;

    protected override IRunStore Runs => _database!.Store;

    protected override IRunLeases Leases => _database!.Store;

    protected override IResultStore Results => _database!.Store;

    protected override IReservationStore Reservations => _database!.Store;

    public override async Task InitializeAsync() => _database = await TestDatabase.PostgresAsync(Clock);

    public override async Task DisposeAsync() => await _database!.DisposeAsync();

    [SkippableFact]
    public async Task Open_ConcurrentInstances_MigrateOnce()
    {
        TestPostgres.SkipUnlessAvailable();
        var stores = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => _database!.OpenAnotherAsync(Clock)));
        foreach (var store in stores)
        {
            Assert.Empty(await store.ListAsync(new RunQuery(), default));
            await store.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task Listen_RunQueuedThroughAnotherInstance_WakesThisOne()
    {
        TestPostgres.SkipUnlessAvailable();
        await using var other = await _database!.OpenAnotherAsync(Clock);
        var woken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var listening = ((PostgresStore)_database!.Store).ListenAsync(() => woken.TrySetResult(), stop.Token);
        await Task.Delay(200);

        var now = Clock.GetUtcNow();
        var run = new Qxm.Domain.Runs.Run
        {
            Id = "r-n", Name = "n", Fingerprint = "f", Backend = "b", Shots = 1, SweepPoints = 1,
            State = Qxm.Domain.Runs.RunState.Queued, CreatedAt = now, UpdatedAt = now,
        };
        await other.CreateAsync(new NewRun(run, new ExperimentVersion("f", "n", "{}", "a", now), []), AdmissionLimits.None, default);

        await woken.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => listening);
    }

    [SkippableFact]
    public async Task ExclusionConstraint_RefusesOverlappingWindowsWrittenAroundTheStore()
    {
        TestPostgres.SkipUnlessAvailable();
        await using var connection = new Npgsql.NpgsqlConnection(_database!.Location);
        await connection.OpenAsync();
        const string Insert = "INSERT INTO reservations (id, backend, tenant, starts_at, ends_at, created_at) VALUES (@id, 'sim', 't', @s, @e, 0)";
        await using (var first = new Npgsql.NpgsqlCommand(Insert, connection))
        {
            first.Parameters.AddWithValue("id", "a");
            first.Parameters.AddWithValue("s", 1000L);
            first.Parameters.AddWithValue("e", 2000L);
            await first.ExecuteNonQueryAsync();
        }

        await using var second = new Npgsql.NpgsqlCommand(Insert, connection);
        second.Parameters.AddWithValue("id", "b");
        second.Parameters.AddWithValue("s", 1500L);
        second.Parameters.AddWithValue("e", 2500L);
        var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => second.ExecuteNonQueryAsync());
        Assert.Equal(Npgsql.PostgresErrorCodes.ExclusionViolation, refused.SqlState);
    }
}
