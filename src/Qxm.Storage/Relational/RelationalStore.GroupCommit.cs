using System.Data.Common;

namespace Qxm.Storage.Relational;

/// <summary>Group commit: the hot writes of a run's life (its submission, claim, execution facts and result) queue for
/// one writer per process, which drains everything waiting into a single transaction. Many runs share one disk flush,
/// and in SQLite no two writers of this process wait on each other's lock (a waiting writer there sleeps).</summary>
public abstract partial class RelationalStore
{
    /// <summary>The writer's own connection and the commands compiled on it, kept between groups; only the writer touches them.</summary>
    private DbConnection? _writerConnection;

    private StatementCache? _writerStatements;

    /// <summary>Runs <paramref name="work"/> in the next group's transaction; the answer comes after that commit.</summary>
    private Task<T> WriteInGroupAsync<T>(string operation, Func<DbConnection, DbTransaction, StatementCache, Task<T>> work, CancellationToken cancellationToken)
    {
        var pending = new PendingWork<T>(operation, work);
        Enqueue(pending);

        // A caller that stops waiting may still find its write committed, as after a lost connection.
        return pending.Outcome.WaitAsync(cancellationToken);
    }

    private void Enqueue(PendingWrite pending)
    {
        lock (_writes)
        {
            _writer ??= Task.Run(WriteGroupsAsync, CancellationToken.None);
        }

        ObjectDisposedException.ThrowIf(!_writes.Writer.TryWrite(pending), this);
    }

    private async Task WriteGroupsAsync()
    {
        var group = new List<PendingWrite>(MaxGroup);
        try
        {
            while (await _writes.Reader.WaitToReadAsync())
            {
                group.Clear();
                while (group.Count < MaxGroup && _writes.Reader.TryRead(out var pending))
                {
                    group.Add(pending);
                }

                if (await TryCommitAsync(group, failMembers: group.Count == 1))
                {
                    continue;
                }

                // One member's error must not fail the others: each is tried again alone, in order, and only its own error
                // reaches its caller. Nothing of the failed group was stored.
                foreach (var pending in group)
                {
                    await TryCommitAsync([pending], failMembers: true);
                }
            }
        }
        finally
        {
            await CloseWriterAsync();
        }
    }

    private async Task<bool> TryCommitAsync(List<PendingWrite> group, bool failMembers)
    {
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            // The writer keeps its connection and its compiled statements from group to group (decision 0044).
            var connection = _writerConnection ??= await OpenConnectionAsync(CancellationToken.None);
            var statements = _writerStatements ??= new StatementCache(connection);
            await using (var transaction = await BeginWriteAsync(connection, CancellationToken.None))
            {
                statements.Begin(transaction);
                var creates = group.OfType<PendingCreate>().ToList();
                if (creates.Count > 0)
                {
                    await DecideCreatesAsync(connection, transaction, statements, creates);
                }

                foreach (var pending in group)
                {
                    await pending.RunAsync(connection, transaction, statements);
                }

                await AppendGroupAuditAsync(connection, transaction, statements);
                await transaction.CommitAsync(CancellationToken.None);
            }

            RecordGroupCommit(started, group.Count, group.All(p => string.Equals(p.Operation, group[0].Operation, StringComparison.Ordinal)) ? group[0].Operation : "group");
            foreach (var pending in group)
            {
                pending.Committed();
            }

            return true;
        }
#pragma warning disable CA1031 // The group failed as a whole (nothing was committed): its members are told or tried alone, the writer goes on.
        catch (Exception e)
#pragma warning restore CA1031
        {
            // Whatever failed, the next group starts on a fresh connection (a broken one must not fail every group after it).
            await CloseWriterAsync();
            if (failMembers)
            {
                foreach (var pending in group)
                {
                    pending.Fail(e);
                }
            }

            return false;
        }
    }

    private async Task CloseWriterAsync()
    {
        if (_writerStatements is { } statements)
        {
            _writerStatements = null;
            await statements.DisposeAsync();
        }

        if (_writerConnection is { } connection)
        {
            _writerConnection = null;
            await connection.DisposeAsync();
        }
    }
}
