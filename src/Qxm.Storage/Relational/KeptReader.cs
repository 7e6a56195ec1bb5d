using System.Data.Common;

namespace Qxm.Storage.Relational;

/// <summary>A connection kept for the store's hot reads with the commands compiled on it (decision 0045): a read rents
/// one, binds values to a statement compiled the first time this connection ran it, and gives it back. Between reads it
/// holds no transaction and no open reader, so it keeps no snapshot of the database and blocks no checkpoint.</summary>
internal sealed class KeptReader(DbConnection connection) : IAsyncDisposable
{
    public StatementCache Statements { get; } = new(connection);

    public async ValueTask DisposeAsync()
    {
        await Statements.DisposeAsync();
        await connection.DisposeAsync();
    }
}
