using System.Security.Cryptography;
using Qxm.Engine.Persistence;

namespace Qxm.Storage.Artifacts;

/// <summary>Artifacts as files named by their SHA-256 under a two-character fan-out directory. Writes go to a temporary
/// file first and are renamed into place, so a reader never sees half an artifact and a crash leaves none.</summary>
public sealed class FileArtifactStore : IArtifactStore
{
    private readonly string _root;

    public FileArtifactStore(string directory)
    {
        _root = directory;
        Directory.CreateDirectory(_root);
    }

    public async Task<string> PutAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(content.Span));
        var path = PathOf(hash);
        if (File.Exists(path))
        {
            return hash;
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

    private string PathOf(string hash) => Path.Combine(_root, hash[..2], hash[2..]);
}
