using System.Collections.Concurrent;

namespace Qxm.Storage.Relational;

/// <summary>The hot reads (a loop's read of its run and result, the dispatcher's read of new queued runs, the failover
/// lookup of each claim, the workers' lease check) run on kept connections whose statements are compiled once, as the
/// group-commit writer's are (decisions 0044, 0045): a fresh command on a pooled connection compiled its SQL every call.</summary>
public abstract partial class RelationalStore
{
    /// <summary>As many as read at once in a busy process (workers, the dispatcher, a loop, HTTP reads); more are opened
    /// when needed and closed after their read.</summary>
    private const int MaxKeptReaders = 4;

    private readonly ConcurrentQueue<KeptReader> _keptReaders = new();
    private int _keptReadersClosed;

    /// <summary>Runs <paramref name="read"/> with a kept connection's statements. A read that fails closes its connection
    /// (it may be broken), so the next read opens a fresh one.</summary>
    private async Task<T> ReadKeptAsync<T>(Func<StatementCache, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        if (!_keptReaders.TryDequeue(out var reader))
        {
            reader = new KeptReader(await OpenConnectionAsync(cancellationToken));
        }

        T result;
        try
        {
            result = await read(reader.Statements, cancellationToken);
        }
        catch
        {
            await reader.DisposeAsync();
            throw;
        }

        if (Volatile.Read(ref _keptReadersClosed) != 0 || _keptReaders.Count >= MaxKeptReaders)
        {
            await reader.DisposeAsync();
        }
        else
        {
            _keptReaders.Enqueue(reader);
            if (Volatile.Read(ref _keptReadersClosed) != 0)
            {
                await CloseKeptReadersAsync();
            }
        }

        return result;
    }

    /// <summary>Closes the kept connections (at the store's disposal, before its pools or data source are released).</summary>
    private async Task CloseKeptReadersAsync()
    {
        Volatile.Write(ref _keptReadersClosed, 1);
        while (_keptReaders.TryDequeue(out var reader))
        {
            await reader.DisposeAsync();
        }
    }
}
