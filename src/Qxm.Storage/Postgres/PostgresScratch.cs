using Npgsql;

namespace Qxm.Storage.Postgres;

/// <summary>Empties a PostgreSQL database, for benchmarks that measure from an empty store each time: its public schema
/// is dropped and made again, so every migration applies afresh. Only ever pointed at a database named for that purpose.</summary>
public static class PostgresScratch
{
    public static async Task ResetAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var drop = new NpgsqlCommand("DROP SCHEMA public CASCADE; CREATE SCHEMA public", connection);
        await drop.ExecuteNonQueryAsync(cancellationToken);
    }
}
