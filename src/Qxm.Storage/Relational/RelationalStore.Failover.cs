using System.Text.Json;
using Qxm.Domain.Audit;
using Qxm.Domain.Runs;
using Qxm.Engine.Persistence;

namespace Qxm.Storage.Relational;

/// <summary>Runs' approved alternatives, and their moves to them: the run's backend changes, the failover is recorded
/// and the audit event appended in one transaction.</summary>
public abstract partial class RelationalStore : IRunFailovers
{
    /// <summary>The actor of failovers: the monitor, not a person.</summary>
    private const string FailoverActor = "failover";

    /// <summary>A kept read (decision 0045): a worker asks it of every run it claims for a simulator.</summary>
    public Task<RunFailover?> GetFailoverAsync(string runId, CancellationToken cancellationToken) =>
        ReadKeptAsync(async (statements, token) =>
        {
            await using var reader = await statements.Get("SELECT alternatives, tried, from_backend, at, reason FROM run_failover WHERE run_id = @id", ("@id", runId))
                .ExecuteReaderAsync(token);
            if (!await reader.ReadAsync(token))
            {
                return null;
            }

            return (RunFailover?)new RunFailover(
                JsonSerializer.Deserialize<List<string>>(reader.GetString(0)) ?? [],
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                reader.IsDBNull(4) ? null : reader.GetString(4))
            {
                Tried = reader.GetInt32(1),
            };
        }, cancellationToken);

    public async Task<IReadOnlyList<FailoverCandidate>> ListFailoverCandidatesAsync(string backend, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null,
            """
            SELECT r.id, r.tenant, r.fingerprint, f.alternatives, f.tried FROM runs r JOIN run_failover f ON f.run_id = r.id
            WHERE r.backend = @backend AND r.state = 'Queued'
            ORDER BY r.created_at, r.id LIMIT @limit
            """,
            ("@backend", backend), ("@limit", Math.Clamp(limit, 1, 10_000)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var candidates = new List<FailoverCandidate>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var alternatives = JsonSerializer.Deserialize<List<string>>(reader.GetString(3)) ?? [];
            var tried = reader.GetInt32(4);
            if (tried < alternatives.Count)
            {
                candidates.Add(new FailoverCandidate(reader.GetString(0), reader.GetString(1), reader.GetString(2), alternatives, tried));
            }
        }

        return candidates;
    }

    public async Task<bool> FailOverAsync(string runId, string from, string alternative, int tried, string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        var tenant = await TextAsync(connection, transaction,
            """
            UPDATE runs SET backend = @to, updated_at = @at
            WHERE id = @id AND state = 'Queued' AND backend = @from
            RETURNING tenant
            """,
            cancellationToken, ("@to", alternative), ("@at", at.ToUnixTimeMilliseconds()), ("@id", runId), ("@from", from));
        if (tenant is null)
        {
            return false;
        }

        await ExecuteAsync(connection, transaction, cancellationToken,
            "UPDATE run_failover SET tried = @tried, from_backend = COALESCE(from_backend, @from), at = @at, reason = @reason WHERE run_id = @id",
            ("@tried", tried + 1), ("@from", from), ("@at", at.ToUnixTimeMilliseconds()), ("@reason", reason), ("@id", runId));
        await AppendAuditAsync(connection, transaction,
            [(new AuditEntry(FailoverActor, null, tenant, "run.failed-over", "run", runId, Detail: $"{from} -> {alternative}: {reason}"), at)], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task SkipAlternativeAsync(string runId, int tried, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null, cancellationToken,
            "UPDATE run_failover SET tried = @next WHERE run_id = @id AND tried = @tried", ("@next", tried + 1), ("@id", runId), ("@tried", tried));
    }

    /// <summary>The statement that stores a new run's alternatives with it, in its transaction; none when it has none.</summary>
    private static (string Sql, (string Name, object? Value)[] Parameters)? FailoverInsert(Run run) =>
        run.Failover is { Alternatives.Count: > 0 } failover
            ? ("INSERT INTO run_failover (run_id, alternatives) VALUES (@id, @alternatives)",
               [("@id", run.Id), ("@alternatives", JsonSerializer.Serialize(failover.Alternatives))])
            : null;
}
