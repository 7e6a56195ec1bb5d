using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Qxm.Engine.Persistence;

namespace Qxm.Engine.Ingestion;

/// <summary>Writes spooled results' documents to the artifact store after their results committed, and then forgets them
/// in the spool (decision 0043). Nothing waits on it: a run has succeeded once its result and document committed, and
/// every read by hash finds the document in the spool until it is a file. A document this process spooled but did not
/// write out (it died first) is written by whichever instance sweeps the spool next (<see cref="SweepAsync"/>).</summary>
internal sealed partial class ArtifactSpooler(IArtifactSpool spool, IArtifactStore artifacts, TimeProvider time, ILogger logger)
{
    /// <summary>Documents written out at once, each its own flush: the file system's journal takes concurrent flushes in
    /// one commit.</summary>
    private const int Writers = 8;

    /// <summary>A sweep leaves documents younger than this to the process that spooled them.</summary>
    public static readonly TimeSpan SweepAge = TimeSpan.FromSeconds(10);

    private const int SweepBatch = 256;

    /// <summary>Written documents are forgotten in the spool together, at most this often: each forgetting is a write of
    /// the store's group commit, and one a document would double the commits of a stream of tiny runs.</summary>
    private static readonly TimeSpan UnspoolEvery = TimeSpan.FromMilliseconds(250);

    private readonly List<string> _written = [];

    private readonly Channel<(string Hash, byte[] Document)> _queue = Channel.CreateUnbounded<(string, byte[])>(new UnboundedChannelOptions { SingleReader = false });
    private readonly object _start = new();
    private readonly TaskCompletionSource _writersDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _writers;
    private Task? _unspooler;

    /// <summary>Writes the document out in the background.</summary>
    public void Enqueue(string hash, byte[] document)
    {
        lock (_start)
        {
            if (_writers is null)
            {
                _writers = Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(WriteAllAsync, CancellationToken.None)));
                _unspooler = Task.Run(UnspoolAllAsync, CancellationToken.None);
            }
        }

        _queue.Writer.TryWrite((hash, document));
    }

    /// <summary>Writes out what was enqueued and stops taking more; for the end of the workers.</summary>
    public async Task CompleteAsync()
    {
        _queue.Writer.TryComplete();
        Task? writers, unspooler;
        lock (_start)
        {
            (writers, unspooler) = (_writers, _unspooler);
        }

        if (writers is not null && unspooler is not null)
        {
            await writers;
            _writersDone.TrySetResult();
            await unspooler;
        }
    }

    /// <summary>Writes out documents spooled more than <see cref="SweepAge"/> ago (by a process that died before writing
    /// them, or one still busy); true when it found some.</summary>
    public async Task<bool> SweepAsync(CancellationToken cancellationToken)
    {
        var hashes = await spool.ListSpooledAsync(time.GetUtcNow() - SweepAge, SweepBatch, cancellationToken);
        var written = new List<string>(hashes.Count);
        foreach (var hash in hashes)
        {
            if (await spool.GetSpooledAsync(hash, cancellationToken) is { } document && await WriteAsync(hash, document, cancellationToken))
            {
                written.Add(hash);
            }
        }

        await spool.UnspoolAsync(written, cancellationToken);
        return hashes.Count > 0;
    }

    private async Task WriteAllAsync()
    {
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (_queue.Reader.TryRead(out var item))
            {
                if (await WriteAsync(item.Hash, item.Document, CancellationToken.None))
                {
                    lock (_written)
                    {
                        _written.Add(item.Hash);
                    }
                }
            }
        }
    }

    /// <summary>Forgets written documents in the spool every <see cref="UnspoolEvery"/> while documents come, and once
    /// more after the last.</summary>
    private async Task UnspoolAllAsync()
    {
        while (true)
        {
            var done = _writersDone.Task.IsCompleted;
            string[] written;
            lock (_written)
            {
                written = [.. _written];
                _written.Clear();
            }

            try
            {
                await spool.UnspoolAsync(written, CancellationToken.None);
            }
#pragma warning disable CA1031 // The rows stay spooled and a sweep writes them again; the writer goes on.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogUnspoolFailed(logger, written.Length, e);
            }

            if (done)
            {
                return;
            }

            await Task.WhenAny(Task.Delay(UnspoolEvery, time, CancellationToken.None), _writersDone.Task);
        }
    }

    /// <summary>Puts the document in the artifact store; false (logged, left spooled for a sweep) when that fails.</summary>
    private async Task<bool> WriteAsync(string hash, byte[] document, CancellationToken cancellationToken)
    {
        try
        {
            var stored = await artifacts.PutAsync(document, cancellationToken);
            if (string.Equals(stored, hash, StringComparison.Ordinal))
            {
                return true;
            }

            LogHashMismatch(logger, hash, stored);
            return false;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // The document stays spooled, readable there, and a later sweep tries again.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogWriteFailed(logger, hash, e);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "spooled artifact {Hash} could not be written to the artifact store; it stays spooled and is tried again")]
    private static partial void LogWriteFailed(ILogger logger, string hash, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "spooled artifact {Hash} was stored as {Stored}: the artifact store names by another hash; it stays spooled")]
    private static partial void LogHashMismatch(ILogger logger, string hash, string stored);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} written artifacts could not be removed from the spool; a sweep writes them again")]
    private static partial void LogUnspoolFailed(ILogger logger, int count, Exception exception);
}
