using System.Text.Json;
using System.Data.Common;
using System.Threading.Channels;
using Qxm.Domain.Errors;
using Qxm.Domain.Runs;
using Qxm.Domain.Tenancy;
using Qxm.Engine.Persistence;
using Qxm.Storage.Migrations;

namespace Qxm.Storage.Relational;

/// <summary>The run, lease and result stores over any ADO.NET provider. The SQL is portable between SQLite and
/// PostgreSQL (named <c>@</c> parameters, <c>RETURNING</c>, <c>ON CONFLICT</c>, explicit casts where PostgreSQL must
/// know a NULL's type); a dialect supplies connections, write transactions and the claim statement.</summary>
public abstract partial class RelationalStore : IRunStore, IRunLeases, IResultStore, IReservationStore, IAsyncDisposable
{
    protected const string RunColumns =
        "id, tenant, name, fingerprint, backend, shots, sweep_points, state, priority, seed, tags, attempts, error, diagnostics, created_at, updated_at, trace_parent";

    /// <summary>Enough to share a flush among many clients, small enough that one transaction stays short.</summary>
    private const int MaxGroup = 256;

    private readonly TimeProvider _time;
    private readonly Channel<PendingWrite> _writes = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private Task? _writer;

    protected RelationalStore(TimeProvider time) => _time = time;

    /// <summary>The folder of this dialect's migration scripts.</summary>
    protected abstract string Dialect { get; }

    /// <summary>Claims one queued run: an UPDATE of that row to Running returning the run columns, nothing when it is
    /// not queued. Parameters: @id, @worker, @expires, @now.</summary>
    protected abstract string ClaimSql { get; }

    protected abstract Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>A transaction that takes the write lock up front where the engine needs that (SQLite's IMMEDIATE),
    /// so two writers never deadlock upgrading read locks.</summary>
    protected abstract ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Serialises, until the write transaction ends, the writers that take the same <paramref name="key"/>: the
    /// admission checks of one tenant, the reservations of one backend (a no-op where the write transaction already
    /// excludes every other writer).</summary>
    protected virtual Task LockAsync(DbConnection connection, DbTransaction transaction, string key, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>Tells other instances, on commit, that runs were queued (a no-op where the store has no such channel).</summary>
    protected virtual Task AnnounceQueuedAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>True when the database aborted the transaction for a conflict with a concurrent one (deadlock,
    /// serialization failure): the same work may simply be tried again.</summary>
    protected virtual bool IsTransientConflict(DbException exception) => false;

    /// <summary>True when an insert failed because a reservation overlaps another (a constraint the dialect declares).</summary>
    protected virtual bool IsOverlapViolation(DbException exception) => false;

    public virtual async ValueTask DisposeAsync()
    {
        _writes.Writer.TryComplete();
        if (_writer is not null)
        {
            await _writer;
        }

        await CloseKeptReadersAsync();

        GC.SuppressFinalize(this);
    }

    /// <summary>Applies this dialect's migrations that the database has not recorded, in order, in one transaction.</summary>
    protected async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var scripts = MigrationScripts.For(Dialect);
        await using var connection = await OpenConnectionAsync(cancellationToken);

        // Nearly every open finds the schema current: that is read without the write lock, so a short-lived process (a
        // whole `qxm run`) neither waits behind a writer nor commits an empty transaction before its first real work.
        if (await AppliedMigrationsAsync(connection, null, cancellationToken) is { } current && scripts.All(m => current.Contains(m.Version)))
        {
            return;
        }

        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        await ExecuteAsync(connection, transaction, cancellationToken,
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
        // Every script not yet recorded is applied, not only those above the highest: work that lands in a different
        // order than its numbers still migrates.
        var applied = await AppliedMigrationsAsync(connection, transaction, cancellationToken) ?? [];
        foreach (var script in scripts.Where(m => !applied.Contains(m.Version)))
        {
            await ExecuteAsync(connection, transaction, cancellationToken, script.ReadSql());
            await ExecuteAsync(connection, transaction, cancellationToken,
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@v, @n, @at)",
                ("@v", script.Version), ("@n", script.Name), ("@at", _time.GetUtcNow().ToUnixTimeMilliseconds()));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The versions the database has recorded; null when it has no record yet (a new database).</summary>
    private static async Task<HashSet<int>?> AppliedMigrationsAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var applied = new HashSet<int>();
        try
        {
            await using var command = Command(connection, transaction, "SELECT version FROM schema_migrations");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        catch (DbException) when (transaction is null)
        {
            // No table yet: the write transaction creates it. Any other failure recurs there and is reported from there.
            return null;
        }

        return applied;
    }

    private const string ReadExperimentSql = "SELECT name, spec_json, circuit_artifact, created_at FROM experiments WHERE fingerprint = @f";

    private static async Task<ExperimentVersion?> ReadExperimentAsync(DbConnection connection, DbTransaction? transaction, string fingerprint, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, ReadExperimentSql, ("@f", fingerprint));
        return await ReadExperimentAsync(command, fingerprint, cancellationToken);
    }

    private static async Task<ExperimentVersion?> ReadExperimentAsync(DbCommand command, string fingerprint, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new ExperimentVersion(fingerprint, reader.GetString(0), reader.GetString(1), reader.GetString(2),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)));
    }

#pragma warning disable CA1068 // SQL parameters are a params array, which C# requires last.
    private static async Task<IReadOnlyList<Run>> QueryRunsAsync(
        DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await ReadRunsAsync(command, cancellationToken);
    }

    /// <summary>The runs a statement selecting <see cref="RunColumns"/> returns (the command stays the caller's).</summary>
    private static async Task<IReadOnlyList<Run>> ReadRunsAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var runs = new List<Run>();
        while (await reader.ReadAsync(cancellationToken))
        {
            runs.Add(new Run
            {
                Id = reader.GetString(0),
                Tenant = reader.GetString(1),
                Name = reader.GetString(2),
                Fingerprint = reader.GetString(3),
                Backend = reader.GetString(4),
                Shots = reader.GetInt32(5),
                SweepPoints = reader.GetInt32(6),
                State = Enum.Parse<RunState>(reader.GetString(7)),
                Priority = reader.GetString(8),
                Seed = reader.IsDBNull(9) ? null : unchecked((ulong)reader.GetInt64(9)),
                Tags = JsonSerializer.Deserialize<string[]>(reader.GetString(10), StoreJson.Options) ?? [],
                Attempts = reader.GetInt32(11),
                Error = reader.IsDBNull(12) ? null : reader.GetString(12),
                Diagnostics = JsonSerializer.Deserialize<Diagnostic[]>(reader.GetString(13), StoreJson.Options) ?? [],
                CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(14)),
                UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(15)),
                TraceParent = reader.IsDBNull(16) ? null : reader.GetString(16),
            });
        }

        return runs;
    }

    private static async Task<long> ScalarAsync(
        DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<int> ExecuteAsync(
        DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

#pragma warning restore CA1068

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
#pragma warning disable CA2100 // Every statement is a constant of this class or its dialect; values always travel as parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
