using System.Text.Json;
using System.Data.Common;
using System.Threading.Channels;
using Qxm.Domain.Errors;
using Qxm.Domain.Runs;
using Qxm.Domain.Tenancy;
using Qxm.Engine.Persistence;
using Qxm.Storage.Migrations;

namespace Qxm.Storage.Relational;

/// <summary>Runs, their transitions and the experiment versions they run.</summary>
public abstract partial class RelationalStore
{
    /// <summary>A kept read (decision 0045): a loop reads its run at every wake-up.</summary>
    public Task<Run?> GetAsync(string runId, CancellationToken cancellationToken) =>
        ReadKeptAsync(async (statements, token) =>
        {
            var runs = await ReadRunsAsync(statements.Get($"SELECT {RunColumns} FROM runs WHERE id = @id", ("@id", runId)), token);
            return runs.Count == 0 ? null : runs[0];
        }, cancellationToken);

    public Task<IReadOnlyList<Run>> ListAsync(RunQuery query, CancellationToken cancellationToken) => SearchRunsAsync(query, cancellationToken);

    public async Task<bool> TransitionAsync(string runId, RunState expected, RunState target, string actor, string? reason, CancellationToken cancellationToken)
    {
        if (!RunLifecycle.CanTransition(expected, target))
        {
            throw new QxmException($"illegal run transition {expected} -> {target}");
        }

        await using var connection = await OpenConnectionAsync(cancellationToken);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        var now = _time.GetUtcNow();
        var tenant = await TextAsync(connection, transaction,
            """
            UPDATE runs SET state = @target, updated_at = @now,
                error = CASE WHEN @target = 'Failed' THEN CAST(@reason AS TEXT) ELSE error END,
                lease_owner = CASE WHEN @target = 'Running' THEN lease_owner ELSE NULL END,
                lease_expires_at = CASE WHEN @target = 'Running' THEN lease_expires_at ELSE NULL END
            WHERE id = @id AND state = @expected
            RETURNING tenant
            """,
            cancellationToken, ("@target", target.ToString()), ("@now", now.ToUnixTimeMilliseconds()), ("@reason", reason),
            ("@id", runId), ("@expected", expected.ToString()));
        if (tenant is null)
        {
            return false;
        }

        await InsertTransitionAsync(connection, transaction, runId, tenant, new RunTransition(expected, target, now, actor, reason), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        RecordCommit("transition", started);
        return true;
    }

    public async Task<IReadOnlyList<RunTransition>> GetHistoryAsync(string runId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null,
            "SELECT from_state, to_state, at, actor, reason FROM run_transitions WHERE run_id = @id ORDER BY seq", ("@id", runId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var history = new List<RunTransition>();
        while (await reader.ReadAsync(cancellationToken))
        {
            history.Add(new RunTransition(
                Enum.Parse<RunState>(reader.GetString(0)),
                Enum.Parse<RunState>(reader.GetString(1)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        return history;
    }

    public async Task<ExperimentVersion?> GetExperimentAsync(string fingerprint, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await ReadExperimentAsync(connection, null, fingerprint, cancellationToken);
    }
}
