using Qxm.Engine.Persistence;

namespace Qxm.Storage.Artifacts;

/// <summary>Artifacts as files named by their SHA-256 under a two-character fan-out directory. Writes go to a temporary
/// file first and are renamed into place, so a reader never sees half an artifact and a crash leaves none. A put of bytes
/// already stored touches the file, so retention sees it as fresh (docs/decisions/0013).</summary>
public sealed class FileArtifactStore : IArtifactTier
{
    private readonly string _root;

    public FileArtifactStore(string directory)
    {
        _root = directory;
        Directory.CreateDirectory(_root);
    }

    public async Task<string> PutAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var hash = ArtifactHash.Of(content.Span);
        var path = PathOf(hash);
        if (File.Exists(path))
        {
            try
            {
                File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
                return hash;
            }
            catch (FileNotFoundException)
            {
                // Retention moved it aside this instant: write it again below.
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
        {
            await stream.WriteAsync(content, cancellationToken);
            await stream.FlushAsync(cancellationToken);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        return hash;
    }

    public async Task<byte[]?> GetAsync(string hash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hash);
        if (hash.Length != 64 || !hash.All(char.IsAsciiHexDigitLower))
        {
            return null;
        }

        var path = PathOf(hash);
        return File.Exists(path) ? await File.ReadAllBytesAsync(path, cancellationToken) : null;
    }

    public Task<long?> SizeAsync(string hash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hash);
        if (hash.Length != 64 || !hash.All(char.IsAsciiHexDigitLower))
        {
            return Task.FromResult<long?>(null);
        }

        var file = new FileInfo(PathOf(hash));
        return Task.FromResult<long?>(file.Exists ? file.Length : null);
    }

    public async Task<bool> DeleteIfOrphanedAsync(
        string hash, DateTimeOffset untouchedSince, Func<CancellationToken, Task<bool>> stillOrphaned, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hash);
        ArgumentNullException.ThrowIfNull(stillOrphaned);
        if (hash.Length != 64 || !hash.All(char.IsAsciiHexDigitLower))
        {
            return false;
        }

        var path = PathOf(hash);
        if (!File.Exists(path) || File.GetLastWriteTimeUtc(path) >= untouchedSince.UtcDateTime)
        {
            return false;
        }

        // Moved aside first: a put from now on finds no file and writes its own, and a put that touched the file just
        // before the move shows in the aside copy's time, which is checked after the move, with the references.
        var aside = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.pruning";
        try
        {
            File.Move(path, aside);
        }
        catch (FileNotFoundException)
        {
            return false;
        }

        bool orphaned;
        try
        {
            orphaned = File.GetLastWriteTimeUtc(aside) < untouchedSince.UtcDateTime && await stillOrphaned(cancellationToken);
        }
        catch
        {
            PutBack(aside, path);
            throw;
        }

        if (orphaned)
        {
            File.Delete(aside);
            return true;
        }

        PutBack(aside, path);
        return false;
    }

    private static void PutBack(string aside, string path)
    {
        try
        {
            File.Move(aside, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // A put wrote the same bytes again meanwhile.
            File.Delete(aside);
        }
    }

    private string PathOf(string hash) => Path.Combine(_root, hash[..2], hash[2..]);
}
