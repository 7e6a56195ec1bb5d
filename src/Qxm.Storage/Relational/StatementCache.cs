using System.Data.Common;
using Qxm.Domain.Audit;

namespace Qxm.Storage.Relational;

/// <summary>One command per statement text, kept by the store's group-commit writer on its own connection across its
/// transactions (decision 0044), so each statement is compiled once for the writer's life instead of once per run or per
/// group (SQLite keeps a command's compiled statement between executions; compiling was a fifth of a run's CPU).</summary>
internal sealed class StatementCache(DbConnection connection) : IAsyncDisposable
{
    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);
    private DbTransaction? _transaction;

    /// <summary>Audit events of the transaction's run transitions, linked into the chain together as its last write.</summary>
    public List<(AuditEntry Entry, DateTimeOffset At)> Audit { get; } = [];

    /// <summary>Starts a transaction's use of the kept commands: they run in <paramref name="transaction"/> from now on.</summary>
    public void Begin(DbTransaction transaction)
    {
        _transaction = transaction;
        Audit.Clear();
    }

    /// <summary>The command for <paramref name="sql"/> with these parameter values (always the same names, in the same order).</summary>
    public DbCommand Get(string sql, params (string Name, object? Value)[] parameters)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
#pragma warning disable CA2100 // Every statement is a constant of the store; values always travel as parameters.
            command.CommandText = sql;
#pragma warning restore CA2100
            foreach (var (name, _) in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                command.Parameters.Add(parameter);
            }

            _commands[sql] = command;
        }

        command.Transaction = _transaction;
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

        _commands.Clear();
    }
}
