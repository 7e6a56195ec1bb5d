using System.Text;
using Qxm.Engine.Persistence;

namespace Qxm.Storage.Relational;

/// <summary>Run search: every filter a constant fragment of the statement (so each query's plan can use the index that
/// fits it), keyset pages by (created_at, id), never an offset; and experiment versions by name.</summary>
public abstract partial class RelationalStore : IExperimentVersions
{
    private static readonly string QualifiedRunColumns = string.Join(", ", RunColumns.Split(", ").Select(c => "runs." + c));

    private async Task<IReadOnlyList<Qxm.Domain.Runs.Run>> SearchRunsAsync(RunQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (sql, parameters) = SearchStatement(query);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await QueryRunsAsync(connection, null, sql, cancellationToken, [.. parameters]);
    }

    internal static (string Sql, List<(string Name, object? Value)> Parameters) SearchStatement(RunQuery query)
    {
        var parameters = new List<(string Name, object? Value)>();
        var sql = new StringBuilder("SELECT ").Append(QualifiedRunColumns);
        string created, id, tenant;
        if (query.Tag is not null)
        {
            sql.Append(" FROM run_tags t JOIN runs ON runs.id = t.run_id WHERE t.tag = @tag");
            parameters.Add(("@tag", query.Tag));
            (created, id, tenant) = ("t.created_at", "t.run_id", "t.tenant");
        }
        else if (query.Submitter is not null)
        {
            // A submitter's runs are a range of run_submitters (migration 0015), however few of a large tenant's they are.
            sql.Append(" FROM run_submitters s JOIN runs ON runs.id = s.run_id WHERE s.submitter = @submitter");
            parameters.Add(("@submitter", query.Submitter));
            (created, id, tenant) = ("s.created_at", "s.run_id", "s.tenant");
        }
        else
        {
            sql.Append(" FROM runs WHERE 1 = 1");
            (created, id, tenant) = ("runs.created_at", "runs.id", "runs.tenant");
        }

        void Filter(string clause, string name, object? value)
        {
            if (value is not null)
            {
                sql.Append(" AND ").Append(clause);
                parameters.Add((name, value));
            }
        }

        Filter(tenant + " = @tenant", "@tenant", query.Tenant);
        Filter("runs.state = @state", "@state", query.State?.ToString());
        Filter("runs.backend = @backend", "@backend", query.Backend);
        Filter("runs.name = @name", "@name", query.Name);
        Filter("runs.fingerprint = @fingerprint", "@fingerprint", query.Fingerprint);
        Filter(created + " >= @since", "@since", query.Since?.ToUnixTimeMilliseconds());
        Filter(created + " < @until", "@until", query.Until?.ToUnixTimeMilliseconds());
        if (query.Tag is not null)
        {
            Filter("EXISTS (SELECT 1 FROM run_submitters s WHERE s.run_id = runs.id AND s.submitter = @submitter)", "@submitter", query.Submitter);
        }

        var newest = query.Order == RunOrder.Newest;
        if (query.After is { } after)
        {
            sql.Append(" AND (").Append(created).Append(", ").Append(id).Append(newest ? ") < (@after_at, @after_id)" : ") > (@after_at, @after_id)");
            parameters.Add(("@after_at", after.CreatedAt.ToUnixTimeMilliseconds()));
            parameters.Add(("@after_id", after.Id));
        }

        var direction = newest ? " DESC" : " ASC";
        sql.Append(" ORDER BY ").Append(created).Append(direction).Append(", ").Append(id).Append(direction).Append(" LIMIT @limit");
        parameters.Add(("@limit", Math.Clamp(query.Limit, 1, 10_000)));
        return (sql.ToString(), parameters);
    }

    public async Task<IReadOnlyList<ExperimentVersion>> ListVersionsAsync(string? name, string? tenant, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var sql = new StringBuilder("SELECT e.fingerprint, e.name, e.spec_json, e.circuit_artifact, e.created_at FROM experiments e WHERE 1 = 1");
        var parameters = new List<(string Name, object? Value)> { ("@limit", Math.Clamp(limit, 1, 10_000)) };
        if (name is not null)
        {
            sql.Append(" AND e.name = @name");
            parameters.Add(("@name", name));
        }

        if (tenant is not null)
        {
            sql.Append(" AND EXISTS (SELECT 1 FROM runs r WHERE r.fingerprint = e.fingerprint AND r.tenant = @tenant)");
            parameters.Add(("@tenant", tenant));
        }

        sql.Append(" ORDER BY e.created_at DESC, e.fingerprint LIMIT @limit");
        await using var command = Command(connection, null, sql.ToString(), [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var versions = new List<ExperimentVersion>();
        while (await reader.ReadAsync(cancellationToken))
        {
            versions.Add(new ExperimentVersion(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4))));
        }

        return versions;
    }
}
