using System.Security.Cryptography;
using Qxm.Engine.Audit;

namespace Qxm.Storage.Audit;

/// <summary>The audit key: 32 random bytes as hex in a file only its owner may read, created on first use. Several
/// instances over one PostgreSQL database must share the same file (copy it like any other secret).</summary>
public static class AuditKeyFile
{
    public static AuditCheckpointSigner LoadOrCreate(string path)
    {
        path = Path.GetFullPath(path);
        if (!File.Exists(path))
        {
            Create(path);
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
        {
            throw new InvalidOperationException($"the audit key {path} is readable or writable by others; chmod 600 it");
        }

        var text = File.ReadAllText(path).Trim();
        byte[] key;
        try
        {
            key = Convert.FromHexString(text);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"the audit key {path} is not hex");
        }

        return key.Length < AuditCheckpointSigner.MinimumKeyBytes
            ? throw new InvalidOperationException($"the audit key {path} has {key.Length} bytes; it needs at least {AuditCheckpointSigner.MinimumKeyBytes}")
            : new AuditCheckpointSigner(key);
    }

    private static void Create(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        // Written whole under another name, then moved into place: a process starting beside this one never reads a
        // key file that is still empty.
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.WriteLine(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(AuditCheckpointSigner.MinimumKeyBytes)));
        }

        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first; theirs is the key.
            File.Delete(temporary);
        }
    }
}
