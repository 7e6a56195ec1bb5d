using System.Data.Common;

namespace Qxm.Storage.Relational;

/// <summary>One command per statement text for the life of a transaction, so a group commit prepares each statement
/// once instead of once per run (SQLite keeps a command's compiled statement between executions).</summary>
internal sealed class StatementCache(DbConnection connection, DbTransaction transaction) : IAsyncDisposable
{
    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);

    /// <summary>The command for <paramref name="sql"/> with these parameter values (always the same names, in the same order).</summary>
    public DbCommand Get(string sql, params (string Name, object? Value)[] parameters)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
#pragma warning disable CA2100 // Every statement is a constant of the store; values always travel as parameters.
            command.CommandText = sql;
#pragma warning restore CA2100
            command.Transaction = transaction;
            foreach (var (name, _) in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                command.Parameters.Add(parameter);
            }

            _commands[sql] = command;
        }

        for (var i = 0; i < parameters.Length; i++)
        {
            command.Parameters[i].Value = parameters[i].Value ?? DBNull.Value;
        }

        return command;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values)
        {
            await command.DisposeAsync();
        }
    }
}
