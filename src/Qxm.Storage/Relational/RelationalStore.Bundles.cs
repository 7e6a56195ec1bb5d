using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Qxm.Domain.Audit;
using Qxm.Engine.Persistence;

namespace Qxm.Storage.Relational;

/// <summary>Runs' rows copied between installations (export and import bundles): every table that describes a run, read
/// column by column and restored the same way, so a restored run's provenance is the original's.</summary>
public abstract partial class RelationalStore : IBundleRecords
{
    /// <summary>The tables holding a run's own rows, in the order a restore inserts them (parents first).</summary>
    private static readonly string[] RunTables =
        ["run_transitions", "results", "backend_jobs", "run_attempts", "run_executions", "run_links", "run_calibrations", "run_costs", "run_failover"];

    private static readonly string[] CalibrationTables = ["calibrations", "calibration_qubits", "calibration_gates"];

    /// <summary>Tables whose rows other runs may share: restored only where missing, never checked against the run's id.</summary>
    private static readonly string[] SharedTables = ["experiments", .. CalibrationTables];

    /// <summary>Columns of a run that belong to the installation it ran on: its place in this store's sequence, the
    /// submission's idempotency key and request hash, a worker's lease. A restored run takes none of them.</summary>
    private static readonly string[] LocalRunColumns = ["seq", "idempotency_key", "request_hash", "lease_owner", "lease_expires_at"];

    public async Task<JsonObject?> ReadRunRecordsAsync(string runId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var runs = await ReadRowsAsync(connection, null, "runs", "id = @id", cancellationToken, ("@id", runId));
        if (runs.Count == 0)
        {
            return null;
        }

        var run = (JsonObject)runs[0]!;
        foreach (var local in LocalRunColumns)
        {
            run.Remove(local);
        }

        var records = new JsonObject
        {
            ["experiments"] = await ReadRowsAsync(connection, null, "experiments", "fingerprint = @f", cancellationToken, ("@f", (string)run["fingerprint"]!)),
            ["runs"] = runs,
        };
        foreach (var table in RunTables)
        {
            records[table] = await ReadRowsAsync(connection, null, table, "run_id = @id", cancellationToken, ("@id", runId));
        }

        if (records["run_calibrations"]!.AsArray() is { Count: > 0 } bindings && bindings[0] is JsonObject binding)
        {
            foreach (var table in CalibrationTables)
            {
                records[table] = await ReadRowsAsync(connection, null, table, "backend = @b AND hash = @h", cancellationToken,
                    ("@b", (string)binding["backend"]!), ("@h", (string)binding["hash"]!));
            }
        }

        return records;
    }

    public async Task<BundleRestore> RestoreRunRecordsAsync(IReadOnlyList<JsonObject> records, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(audit);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        var columns = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var restored = new List<string>();
        foreach (var record in records)
        {
            if (record["runs"] is not JsonArray { Count: 1 } runRows || runRows[0] is not JsonObject run || run["id"]?.GetValueKind() != JsonValueKind.String)
            {
                return new BundleRestore([], "a run record must hold exactly one run with an id");
            }

            var id = (string)run["id"]!;
            await using (var exists = Command(connection, transaction, "SELECT 1 FROM runs WHERE id = @id", ("@id", id)))
            {
                if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
                {
                    continue;
                }
            }

            foreach (var (table, rows) in record)
            {
                if (table != "experiments" && table != "runs" && !RunTables.Contains(table) && !CalibrationTables.Contains(table))
                {
                    return new BundleRestore([], $"run {id}: table '{table}' is not one a run's record holds");
                }

                if (rows is not JsonArray array || array.Any(r => r is not JsonObject))
                {
                    return new BundleRestore([], $"run {id}: table '{table}' must be a list of rows");
                }
            }

            foreach (var table in (string[])["experiments", "runs", .. RunTables, .. CalibrationTables])
            {
                if (record[table] is not JsonArray rows)
                {
                    continue;
                }

                if (!columns.TryGetValue(table, out var known))
                {
                    known = await ColumnsAsync(connection, transaction, table, cancellationToken);
                    columns[table] = known;
                }

                foreach (var row in rows.Cast<JsonObject>())
                {
                    if (table == "runs" && LocalRunColumns.Any(row.ContainsKey))
                    {
                        return new BundleRestore([], $"run {id}: the run row carries a column of its own installation");
                    }

                    if (row.Select(c => c.Key).FirstOrDefault(c => !known.Contains(c)) is { } unknown)
                    {
                        return new BundleRestore([], $"run {id}: table '{table}' has no column '{unknown}'");
                    }

                    if (row.FirstOrDefault(c => c.Value?.GetValueKind() is JsonValueKind.Object or JsonValueKind.Array) is { Key: { } nested })
                    {
                        return new BundleRestore([], $"run {id}: {table}.{nested} holds a list or an object, not a value");
                    }

                    if (table == "runs" ? (string?)row["id"] != id : !SharedTables.Contains(table) && (string?)row["run_id"] != id)
                    {
                        return new BundleRestore([], $"run {id}: a row of '{table}' belongs to another run");
                    }

                    var names = row.Select(c => c.Key).ToArray();
                    var sql = $"INSERT INTO {table} ({string.Join(", ", names)}) VALUES ({string.Join(", ", names.Select((_, i) => "@p" + i.ToString(CultureInfo.InvariantCulture)))})"
                        + (SharedTables.Contains(table) ? " ON CONFLICT DO NOTHING" : "");
                    await ExecuteAsync(connection, transaction, cancellationToken, sql,
                        [.. names.Select((n, i) => ("@p" + i.ToString(CultureInfo.InvariantCulture), ValueOf(row[n])))]);
                }
            }

            restored.Add(id);
        }

        if (restored.Count > 0)
        {
            await AppendAuditAsync(connection, transaction, [(audit, _time.GetUtcNow())], cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new BundleRestore(restored);
    }

    private static object? ValueOf(JsonNode? node) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => null,
        JsonValueKind.String => (string)node!,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number => node!.AsValue().TryGetValue<long>(out var whole) ? whole : (double)node,
        var kind => throw new Domain.Errors.QxmException($"a bundle value of kind {kind} reached the store unchecked"),
    };

    private static async Task<HashSet<string>> ColumnsAsync(DbConnection connection, DbTransaction transaction, string table, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, $"SELECT * FROM {table} WHERE 1 = 0");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return [.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetName)];
    }

#pragma warning disable CA1068 // SQL parameters are a params array, which C# requires last.
    private static async Task<JsonArray> ReadRowsAsync(
        DbConnection connection, DbTransaction? transaction, string table, string where, CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
#pragma warning restore CA1068
    {
        await using var command = Command(connection, transaction, $"SELECT * FROM {table} WHERE {where}", parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new JsonArray();
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new JsonObject();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i) switch
                {
                    string text => JsonValue.Create(text),
                    long whole => JsonValue.Create(whole),
                    int whole => JsonValue.Create((long)whole),
                    short whole => JsonValue.Create((long)whole),
                    double real => JsonValue.Create(real),
                    float real => JsonValue.Create((double)real),
                    decimal number => JsonValue.Create(number),
                    bool flag => JsonValue.Create(flag),
                    var other => throw new Domain.Errors.QxmException($"{table}.{reader.GetName(i)}: a {other.GetType().Name} cannot go into a bundle"),
                };
            }

            rows.Add(row);
        }

        return rows;
    }
}
