using System.Text.Json;
using Qxm.Domain.Audit;
using Qxm.Domain.Provenance;
using Qxm.Engine.Persistence;

namespace Qxm.Storage.Relational;

/// <summary>Execution facts and run links: what a run's provenance adds to the run's own rows.</summary>
public abstract partial class RelationalStore : IRunProvenance
{
    private const string InsertExecutionSql =
        """
        INSERT INTO run_executions (run_id, attempt, at, facts) VALUES (@id, @attempt, @at, @facts)
        ON CONFLICT (run_id, attempt) DO NOTHING
        """;

    public Task RecordExecutionAsync(string runId, ExecutionFacts facts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return WriteInGroupAsync("execution", (_, _, statements) =>
            statements.Get(InsertExecutionSql, ExecutionParameters(runId, facts)).ExecuteNonQueryAsync(CancellationToken.None), cancellationToken);
    }

    private static (string Name, object? Value)[] ExecutionParameters(string runId, ExecutionFacts facts) =>
        [("@id", runId), ("@attempt", facts.Attempt), ("@at", facts.At.ToUnixTimeMilliseconds()), ("@facts", JsonSerializer.Serialize(facts, StoreJson.Options))];

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
        var audit = LinkAudit(relation, runId, otherRunId, detail);
        if (audit is not null)
        {
            // Only a new link or a new verdict is an action; the same link recorded again is not.
            await using var previous = Command(connection, transaction,
                """
                SELECT l.run_id, l.detail, r.tenant FROM runs r
                LEFT JOIN run_links l ON l.run_id = @id AND l.relation = @relation AND l.other_run = @other
                WHERE r.id = @object
                """,
                ("@id", runId), ("@relation", relation), ("@other", otherRunId), ("@object", audit.ObjectId));
            await using var reader = await previous.ExecuteReaderAsync(cancellationToken);
            var found = await reader.ReadAsync(cancellationToken);
            var linked = found && !reader.IsDBNull(0);
            var stored = linked && !reader.IsDBNull(1) ? reader.GetString(1) : null;
            audit = linked && string.Equals(stored, detail, StringComparison.Ordinal)
                ? null
                : audit with { Tenant = found ? reader.GetString(2) : null };
        }

        const string Insert =
            """
            INSERT INTO run_links (run_id, relation, other_run, at, detail) VALUES (@id, @relation, @other, @at, @detail)
            ON CONFLICT (run_id, relation, other_run) DO UPDATE SET at = excluded.at, detail = excluded.detail
            """;
        await ExecuteAsync(connection, transaction, cancellationToken, Insert,
            ("@id", runId), ("@relation", relation), ("@other", otherRunId), ("@at", at.ToUnixTimeMilliseconds()), ("@detail", detail));
        await ExecuteAsync(connection, transaction, cancellationToken, Insert,
            ("@id", otherRunId), ("@relation", inverse), ("@other", runId), ("@at", at.ToUnixTimeMilliseconds()), ("@detail", detail));
        if (audit is not null)
        {
            await AppendAuditAsync(connection, transaction, [(audit, at)], cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The audit event a link records, for the links that are actions on runs: a rerun submitted and its
    /// verdict (<c>run.reproduced</c>, on the original), a run answered from the cache (<c>run.cached</c>).</summary>
    private static AuditEntry? LinkAudit(string relation, string runId, string otherRunId, string? detail) => relation switch
    {
        "reproduces" => new AuditEntry("reproduce", null, null, "run.reproduced", "run", otherRunId,
            Detail: $"rerun {runId}: {detail ?? "pending"}"),
        "cached-from" => new AuditEntry("cache", null, null, "run.cached", "run", runId, Detail: $"answered from {otherRunId}"),
        _ => null,
    };

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

    public async Task<IReadOnlyList<ReproductionFact>> ListReproductionsAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null,
            """
            SELECT r.tenant, r.backend, l.detail FROM run_links l JOIN runs r ON r.id = l.run_id
            WHERE l.relation = 'reproduces' AND l.detail <> 'pending' AND l.at >= @since AND l.at < @until
            """,
            ("@since", since.ToUnixTimeMilliseconds()), ("@until", until.ToUnixTimeMilliseconds()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var facts = new List<ReproductionFact>();
        while (await reader.ReadAsync(cancellationToken))
        {
            facts.Add(new ReproductionFact(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return facts;
    }
}
