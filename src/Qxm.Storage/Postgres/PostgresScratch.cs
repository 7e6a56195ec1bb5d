using Npgsql;

namespace Qxm.Storage.Postgres;

/// <summary>Empties a PostgreSQL database of qxm's tables, for benchmarks that measure from an empty store each time.
/// Only ever pointed at a database named for that purpose; it drops qxm's tables and nothing else.</summary>
public static class PostgresScratch
{
    public static async Task ResetAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var drop = new NpgsqlCommand(
            """
            DROP TABLE IF EXISTS audit_events, results, run_transitions, reservations, runs, experiments, schema_migrations CASCADE;
            DROP TABLE IF EXISTS run_tags, run_executions, run_links CASCADE;
            DROP FUNCTION IF EXISTS audit_events_append_only() CASCADE;
            DROP FUNCTION IF EXISTS runs_tags_insert() CASCADE;
            DROP FUNCTION IF EXISTS runs_tags_delete() CASCADE
            """,
            connection);
        await drop.ExecuteNonQueryAsync(cancellationToken);
    }
}
