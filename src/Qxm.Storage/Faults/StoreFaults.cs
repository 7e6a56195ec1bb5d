using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Qxm.Storage.Faults;

/// <summary>Tells a store that is failing for now (locked, down, restarting, out of disk) from a bug: the first is answered
/// 503 with Retry-After and retried by clients and workers, the second is a 500 and a log entry.</summary>
public static class StoreFaults
{
    // SQLite result codes (primary code in the low byte): busy, locked, I/O error, disk full, cannot open, read-only.
    private static readonly HashSet<int> SqliteOutageCodes = [5, 6, 10, 13, 14, 8];

    public static bool IsOutage(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException sqlite when SqliteOutageCodes.Contains(sqlite.SqliteErrorCode & 0xff):
                    return true;
                case PostgresException postgres:
                    // Connection trouble (08), resources such as disk or connections (53), shutdown or restart (57P), and
                    // serialization failures or deadlocks (40) pass; anything else is a statement the code got wrong.
                    return postgres.SqlState.StartsWith("08", StringComparison.Ordinal) || postgres.SqlState.StartsWith("53", StringComparison.Ordinal)
                        || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal) || postgres.SqlState.StartsWith("40", StringComparison.Ordinal);
                case NpgsqlException:
                    // Not a server error: the connection failed, broke or timed out.
                    return true;
                case DbException { IsTransient: true }:
                case TimeoutException:
                    return true;
                case IOException and not FileNotFoundException and not DirectoryNotFoundException:
                    // The artifact directory failing to write (a full disk) or read.
                    return true;
            }
        }

        return false;
    }
}
