using System.Data.Common;

namespace Qxm.Storage.Relational;

/// <summary>A write waiting for the store's group commit: it does its part inside the group's transaction, and its caller
/// learns the outcome only after the commit that made it durable (or the error that stopped it).</summary>
internal abstract class PendingWrite
{
    /// <summary>What the write is, for the commit-duration metric.</summary>
    public abstract string Operation { get; }

    /// <summary>Does the write's part in the group's transaction; run again alone, in a fresh transaction, when its group
    /// fails, so it must change nothing but the database.</summary>
    public abstract Task RunAsync(DbConnection connection, DbTransaction transaction, StatementCache statements);

    /// <summary>The group committed: the caller gets its outcome.</summary>
    public abstract void Committed();

    public abstract void Fail(Exception error);
}
