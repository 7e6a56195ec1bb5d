using System.Data.Common;

namespace Qxm.Storage.Relational;

/// <summary>A write other than a submission: a function of the group's connection and transaction, run again alone in a
/// fresh transaction when its group fails (it must touch nothing but the database).</summary>
internal sealed class PendingWork<T>(string operation, Func<DbConnection, DbTransaction, StatementCache, Task<T>> work) : PendingWrite
{
    private readonly TaskCompletionSource<T> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _value;

    public override string Operation => operation;

    public Task<T> Outcome => _outcome.Task;

    public override async Task RunAsync(DbConnection connection, DbTransaction transaction, StatementCache statements) =>
        _value = await work(connection, transaction, statements);

    public override void Committed() => _outcome.TrySetResult(_value!);

    public override void Fail(Exception error) => _outcome.TrySetException(error);
}
