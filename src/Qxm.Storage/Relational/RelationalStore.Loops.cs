using System.Data.Common;
using System.Text.Json;
using Qxm.Domain.Audit;
using Qxm.Domain.Experiments;
using Qxm.Domain.Loops;
using Qxm.Engine.Persistence;

namespace Qxm.Storage.Relational;

/// <summary>Optimizer loops: the loop row and its evaluations, one transaction per iteration.</summary>
public abstract partial class RelationalStore : ILoopStore
{
    private const string LoopColumns = "id, tenant, definition, base_directory, state, evaluations, best_value, best_parameters, reason, created_at, updated_at";

    public async Task CreateLoopAsync(LoopRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        await ExecuteAsync(connection, transaction, cancellationToken,
            $"""
            INSERT INTO loops ({LoopColumns})
            VALUES (@id, @tenant, @definition, @base, @state, 0, NULL, NULL, NULL, @created, @created)
            """,
            ("@id", record.Id), ("@tenant", record.Tenant), ("@definition", JsonSerializer.Serialize(record.Experiment, StoreJson.Options)),
            ("@base", record.BaseDirectory), ("@state", record.State.ToString()), ("@created", record.CreatedAt.ToUnixTimeMilliseconds()));
        var settings = record.Experiment.Optimize;
        await AppendAuditAsync(connection, transaction,
            [(new AuditEntry("loop", null, record.Tenant, "loop.started", "loop", record.Id,
                Detail: $"{record.Experiment.Name} on {record.Experiment.Backend}" + (settings is null ? "" : $", {settings.Method} on {settings.Objective}")),
              record.CreatedAt)],
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<LoopRecord?> GetLoopAsync(string loopId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {LoopColumns} FROM loops WHERE id = @id", ("@id", loopId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadLoop(reader) : null;
    }

    public async Task<IReadOnlyList<LoopRecord>> ListLoopsAsync(LoopState state, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null,
            $"SELECT {LoopColumns} FROM loops WHERE state = @state ORDER BY created_at, id LIMIT @limit",
            ("@state", state.ToString()), ("@limit", Math.Clamp(limit, 1, 10_000)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var loops = new List<LoopRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            loops.Add(ReadLoop(reader));
        }

        return loops;
    }

    /// <summary>A write of the store's group commit: the evaluation commits with whatever waits beside it (the loop's
    /// next submission, other runs' results), and never after a write queued later.</summary>
    public Task<bool> AppendEvaluationAsync(
        string loopId, LoopEvaluation evaluation, double bestValue, IReadOnlyList<double> bestParameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        return WriteInGroupAsync("evaluation", async (_, _, statements) =>
        {
            var inserted = await statements.Get(
                """
                INSERT INTO loop_evaluations (loop_id, idx, run_id, parameters, value, standard_error, shots, at, objective_artifact)
                VALUES (@loop, @idx, @run, @parameters, @value, @error, @shots, @at, @artifact)
                ON CONFLICT (loop_id, idx) DO NOTHING
                """,
                ("@loop", loopId), ("@idx", evaluation.Index), ("@run", evaluation.RunId), ("@parameters", JsonSerializer.Serialize(evaluation.Parameters)),
                ("@value", evaluation.Value), ("@error", evaluation.StandardError), ("@shots", evaluation.Shots), ("@at", evaluation.At.ToUnixTimeMilliseconds()),
                ("@artifact", evaluation.ObjectiveArtifact)).ExecuteNonQueryAsync(CancellationToken.None);
            if (inserted == 0)
            {
                return false;
            }

            await statements.Get(
                "UPDATE loops SET evaluations = @count, best_value = @best, best_parameters = @parameters, updated_at = @at WHERE id = @loop",
                ("@count", evaluation.Index + 1), ("@best", bestValue), ("@parameters", JsonSerializer.Serialize(bestParameters)),
                ("@at", evaluation.At.ToUnixTimeMilliseconds()), ("@loop", loopId)).ExecuteNonQueryAsync(CancellationToken.None);
            return true;
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<LoopEvaluation>> ListEvaluationsAsync(string loopId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null,
            "SELECT idx, run_id, parameters, value, standard_error, shots, at, objective_artifact FROM loop_evaluations WHERE loop_id = @loop ORDER BY idx",
            ("@loop", loopId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var evaluations = new List<LoopEvaluation>();
        while (await reader.ReadAsync(cancellationToken))
        {
            evaluations.Add(new LoopEvaluation(
                reader.GetInt32(0), reader.GetString(1), JsonSerializer.Deserialize<double[]>(reader.GetString(2)) ?? [],
                reader.GetDouble(3), reader.GetDouble(4), reader.GetInt64(5), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)))
            {
                ObjectiveArtifact = reader.IsDBNull(7) ? null : reader.GetString(7),
            });
        }

        return evaluations;
    }

    public async Task<bool> FinishLoopAsync(string loopId, LoopState state, string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        string? tenant;
        await using (var update = Command(connection, transaction,
            "UPDATE loops SET state = @state, reason = @reason, updated_at = @at WHERE id = @loop AND state = @running RETURNING tenant",
            ("@state", state.ToString()), ("@reason", reason), ("@at", at.ToUnixTimeMilliseconds()), ("@loop", loopId), ("@running", nameof(LoopState.Running))))
        {
            tenant = await update.ExecuteScalarAsync(cancellationToken) as string;
        }

        if (tenant is not null)
        {
            await AppendAuditAsync(connection, transaction,
                [(new AuditEntry("loop", null, tenant, "loop.finished", "loop", loopId, state == LoopState.Failed ? AuditOutcome.Failed : AuditOutcome.Succeeded,
                    $"{state.ToString().ToLowerInvariant()}: {reason}"), at)],
                cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return tenant is not null;
    }

    private static LoopRecord ReadLoop(DbDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1),
            JsonSerializer.Deserialize<ExperimentDefinition>(reader.GetString(2), StoreJson.Options)!,
            Enum.Parse<LoopState>(reader.GetString(4)),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(9)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(10)))
        {
            BaseDirectory = reader.IsDBNull(3) ? null : reader.GetString(3),
            Evaluations = reader.GetInt32(5),
            BestValue = reader.IsDBNull(6) ? null : reader.GetDouble(6),
            BestParameters = reader.IsDBNull(7) ? null : JsonSerializer.Deserialize<double[]>(reader.GetString(7)),
            Reason = reader.IsDBNull(8) ? null : reader.GetString(8),
        };
}
