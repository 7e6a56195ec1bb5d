namespace Qxm.Server.Tests.Support;

/// <summary>A credentials file holding one key, readable by its owner only, as a user keeps one.</summary>
internal sealed class CredentialsFile : IDisposable
{
    private readonly TempDirectory _directory;

    private CredentialsFile(TempDirectory directory, string path)
    {
        _directory = directory;
        Path = path;
    }

    public string Path { get; }

    public static async Task<CredentialsFile> WriteAsync(string key, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
    {
        var directory = new TempDirectory();
        var path = System.IO.Path.Combine(directory.Path, "credentials");
        await File.WriteAllTextAsync(path, key + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
        return new CredentialsFile(directory, path);
    }

    public void Dispose() => _directory.Dispose();
}
