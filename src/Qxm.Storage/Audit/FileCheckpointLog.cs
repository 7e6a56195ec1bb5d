using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Qxm.Engine.Audit;
using Qxm.Engine.Persistence;

namespace Qxm.Storage.Audit;

/// <summary>Signed checkpoints as JSON lines in a file outside the database. Each checkpoint is one write of one line
/// opened for append, so several processes can add to the same file; a line cut short by a crash (no newline yet) is
/// ignored, any other line that is not a checkpoint is reported.</summary>
public sealed class FileCheckpointLog(string path) : IAuditCheckpointLog
{
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public async Task AppendAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(checkpoint, CheckpointJsonContext.Default.AuditCheckpoint) + "\n");
        var options = new FileStreamOptions
        {
            Mode = FileMode.Append,
            Access = FileAccess.Write,
            Share = FileShare.ReadWrite,
            Options = FileOptions.WriteThrough,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var stream = new FileStream(Path, options);
        await stream.WriteAsync(line, cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AuditCheckpoint>> ReadAllAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path))
        {
            return [];
        }

        var text = await File.ReadAllTextAsync(Path, cancellationToken);
        var lines = text.Split('\n');
        var checkpoints = new List<AuditCheckpoint>(lines.Length);

        // The last piece has no newline after it: empty, or a line whose write a crash cut short.
        for (var i = 0; i < lines.Length - 1; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }

            AuditCheckpoint? checkpoint;
            try
            {
                checkpoint = JsonSerializer.Deserialize(lines[i], CheckpointJsonContext.Default.AuditCheckpoint);
            }
            catch (JsonException)
            {
                checkpoint = null;
            }

            if (checkpoint is null || checkpoint.Hash is null || checkpoint.Signature is null || checkpoint.KeyId is null)
            {
                throw new InvalidDataException($"line {i + 1} of the audit checkpoint log {System.IO.Path.GetFileName(Path)} is not a checkpoint");
            }

            checkpoints.Add(checkpoint);
        }

        return checkpoints;
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AuditCheckpoint))]
internal sealed partial class CheckpointJsonContext : JsonSerializerContext;
