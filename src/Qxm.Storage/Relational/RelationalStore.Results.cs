using System.Text.Json;
using System.Data.Common;
using System.Threading.Channels;
using Qxm.Domain.Errors;
using Qxm.Domain.Provenance;
using Qxm.Domain.Runs;
using Qxm.Domain.Tenancy;
using Qxm.Engine.Persistence;
using Qxm.Storage.Migrations;

namespace Qxm.Storage.Relational;

/// <summary>Results, recorded once with the run's Running → Succeeded.</summary>
public abstract partial class RelationalStore
{
    public Task<bool> CompleteAsync(RunResult result, string actor, CancellationToken cancellationToken) =>
        CompleteAsync(result, null, actor, cancellationToken);

    public Task<bool> CompleteAsync(RunResult result, ExecutionFacts? execution, string actor, CancellationToken cancellationToken) =>
        CompleteAsync(result, execution, null, actor, cancellationToken);

    /// <param name="document">The result's document, spooled in the result's transaction when the result is recorded
    /// (decision 0043); null spools nothing (the caller stored it in the artifact store first).</param>
    private Task<bool> CompleteAsync(RunResult result, ExecutionFacts? execution, byte[]? document, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        return WriteInGroupAsync("complete", async (_, _, statements) =>
        {
            // The attempt's facts are kept even when another attempt recorded the result first: they say what ran.
            if (execution is not null)
            {
                await statements.Get(InsertExecutionSql, ExecutionParameters(result.RunId, execution)).ExecuteNonQueryAsync(CancellationToken.None);
            }

            var now = _time.GetUtcNow();
            // Only the attempt that still holds the run in Running may complete it; a second finisher finds it Succeeded.
            // The attempt's number is its fencing token: an attempt whose lease lapsed and whose run was claimed again
            // (decision 0035) completes nothing, whatever it read.
            var tenant = await statements.Get(
                """
                UPDATE runs SET state = 'Succeeded', updated_at = @now, lease_owner = NULL, lease_expires_at = NULL
                WHERE id = @id AND state = 'Running' AND (CAST(@attempt AS INTEGER) IS NULL OR attempts = CAST(@attempt AS INTEGER))
                  AND NOT EXISTS (SELECT 1 FROM results WHERE run_id = @id)
                RETURNING tenant
                """,
                ("@now", now.ToUnixTimeMilliseconds()), ("@id", result.RunId), ("@attempt", execution?.Attempt))
                .ExecuteScalarAsync(CancellationToken.None) as string;
            if (tenant is null)
            {
                return false;
            }

            await statements.Get(
                """
                INSERT INTO results (run_id, shots, points_json, execution_seconds, artifact, created_at)
                VALUES (@id, @shots, @points, @seconds, @artifact, @now)
                """,
                ("@id", result.RunId), ("@shots", result.Shots), ("@points", JsonSerializer.Serialize(result.Points, StoreJson.Options)),
                ("@seconds", result.SimulationSeconds), ("@artifact", result.ArtifactHash), ("@now", now.ToUnixTimeMilliseconds()))
                .ExecuteNonQueryAsync(CancellationToken.None);
            if (document is not null)
            {
                await statements.Get(SpoolSql, ("@hash", result.ArtifactHash), ("@content", document), ("@now", now.ToUnixTimeMilliseconds()))
                    .ExecuteNonQueryAsync(CancellationToken.None);
            }

            await InsertTransitionAsync(statements, result.RunId, tenant, new RunTransition(RunState.Running, RunState.Succeeded, now, actor, null));
            return true;
        }, cancellationToken);
    }

    /// <summary>A kept read (decision 0045): a loop reads each run's result.</summary>
    Task<RunResult?> IResultStore.GetAsync(string runId, CancellationToken cancellationToken) =>
        ReadKeptAsync(async (statements, token) =>
        {
            await using var reader = await statements.Get("SELECT shots, points_json, execution_seconds, artifact FROM results WHERE run_id = @id", ("@id", runId))
                .ExecuteReaderAsync(token);
            if (!await reader.ReadAsync(token))
            {
                return null;
            }

            var points = JsonSerializer.Deserialize<SweepPointResult[]>(reader.GetString(1), StoreJson.Options) ?? [];
            return (RunResult?)new RunResult(runId, reader.GetInt32(0), points, reader.GetDouble(2), reader.GetString(3));
        }, cancellationToken);
}
