using System.Text.Json;
using Qxm.Domain.Provenance;
using Qxm.Engine.Persistence;

namespace Qxm.Storage.Relational;

/// <summary>Execution facts and run links: what a run's provenance adds to the run's own rows.</summary>
public abstract partial class RelationalStore : IRunProvenance
{
    public async Task RecordExecutionAsync(string runId, ExecutionFacts facts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(facts);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null, cancellationToken,
            """
            INSERT INTO run_executions (run_id, attempt, at, facts) VALUES (@id, @attempt, @at, @facts)
            ON CONFLICT (run_id, attempt) DO NOTHING
            """,
            ("@id", runId), ("@attempt", facts.Attempt), ("@at", facts.At.ToUnixTimeMilliseconds()),
            ("@facts", JsonSerializer.Serialize(facts, StoreJson.Options)));
    }

    public async Task<IReadOnlyList<ExecutionFacts>> ListExecutionsAsync(string runId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT facts FROM run_executions WHERE run_id = @id ORDER BY attempt", ("@id", runId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var executions = new List<ExecutionFacts>();
        while (await reader.ReadAsync(cancellationToken))
        {
            executions.Add(JsonSerializer.Deserialize<ExecutionFacts>(reader.GetString(0), StoreJson.Options)
                ?? throw new Qxm.Domain.Errors.QxmException($"run {runId}: an execution record is empty"));
        }

        return executions;
    }

    public async Task LinkAsync(
        string runId, string relation, string otherRunId, string inverse, DateTimeOffset at, string? detail, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        const string Insert =
            """
            INSERT INTO run_links (run_id, relation, other_run, at, detail) VALUES (@id, @relation, @other, @at, @detail)
            ON CONFLICT (run_id, relation, other_run) DO UPDATE SET at = excluded.at, detail = excluded.detail
            """;
        await ExecuteAsync(connection, transaction, cancellationToken, Insert,
            ("@id", runId), ("@relation", relation), ("@other", otherRunId), ("@at", at.ToUnixTimeMilliseconds()), ("@detail", detail));
        await ExecuteAsync(connection, transaction, cancellationToken, Insert,
            ("@id", otherRunId), ("@relation", inverse), ("@other", runId), ("@at", at.ToUnixTimeMilliseconds()), ("@detail", detail));
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<RunLink>> ListLinksAsync(string runId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null,
            "SELECT relation, other_run, at, detail FROM run_links WHERE run_id = @id ORDER BY at, relation, other_run", ("@id", runId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var links = new List<RunLink>();
        while (await reader.ReadAsync(cancellationToken))
        {
            links.Add(new RunLink(reader.GetString(0), reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return links;
    }
}
