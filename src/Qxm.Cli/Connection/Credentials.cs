namespace Qxm.Cli.Connection;

/// <summary>Where the CLI finds the API key it sends to a server: a file named with <c>--credentials</c>, else
/// <c>$QXM_API_KEY</c>, else the file <c>$QXM_CREDENTIALS</c> names, else <c>~/.config/qxm/credentials</c> when it exists.
/// A credentials file must be readable by its owner only (0600 or stricter) and hold the key on one line.</summary>
internal static class Credentials
{
    public const string KeyVariable = "QXM_API_KEY";
    public const string FileVariable = "QXM_CREDENTIALS";

    /// <summary>Group and others may neither read, write nor execute it.</summary>
    private const UnixFileMode Loose = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public static string DefaultFile =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config", "qxm", "credentials");

    /// <summary>The key to send, or null for none; a <see cref="UsageException"/> for a credentials file that is unsafe or unreadable.</summary>
    public static string? Resolve(string? explicitFile, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!string.IsNullOrWhiteSpace(explicitFile))
        {
            return ReadFile(explicitFile);
        }

        if (environment(KeyVariable) is { Length: > 0 } key)
        {
            return key.Trim();
        }

        if (environment(FileVariable) is { Length: > 0 } named)
        {
            return ReadFile(named);
        }

        return File.Exists(DefaultFile) ? ReadFile(DefaultFile) : null;
    }

    public static string ReadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"credentials file {path} does not exist");
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & Loose) != 0)
        {
            throw new UsageException($"credentials file {path} is accessible to others (mode {Mode(File.GetUnixFileMode(path))}); run 'chmod 600 {path}'");
        }

        var lines = File.ReadAllLines(path).Where(l => l.Trim().Length > 0).ToList();
        if (lines.Count != 1)
        {
            throw new UsageException($"credentials file {path} must hold the API key on one line, not {lines.Count}");
        }

        return lines[0].Trim();
    }

    private static string Mode(UnixFileMode mode) => Convert.ToString((int)mode & 0x1FF, 8).PadLeft(4, '0');
}
