using Qxm.Backends.Contract;

namespace Qxm.Backends.Vendors;

/// <summary>Where a vendor's secret lives: an environment variable or a file readable by its owner only. The secret is
/// read when a call needs it (so a rotated key is picked up by the next credential refresh) and is never part of this
/// object's text, the database, a log line or an answer: <see cref="ToString"/> names the source, not the secret.</summary>
public sealed class VendorCredential
{
    private readonly Func<string, string?> _environment;

    private VendorCredential(string? variable, string? file, Func<string, string?> environment)
    {
        Variable = variable;
        File = file;
        _environment = environment;
    }

    /// <summary>The environment variable that holds the secret, or null.</summary>
    public string? Variable { get; }

    /// <summary>The file that holds the secret, or null.</summary>
    public string? File { get; }

    public static VendorCredential FromEnvironment(string variable, Func<string, string?>? environment = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(variable);
        return new(variable, null, environment ?? Environment.GetEnvironmentVariable);
    }

    public static VendorCredential FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new(null, path, Environment.GetEnvironmentVariable);
    }

    /// <summary>The secret, trimmed; <see cref="BackendErrorKind.AuthExpired"/> when it is missing (a key not yet
    /// provisioned is a credentials problem the refresh may cure) and <see cref="BackendErrorKind.Fatal"/> for a file
    /// others may read, which qxm refuses to use.</summary>
    public string Read()
    {
        if (Variable is not null)
        {
            var value = _environment(Variable);
            return string.IsNullOrWhiteSpace(value)
                ? throw new BackendException(BackendErrorKind.AuthExpired, $"the environment variable {Variable} is not set")
                : value.Trim();
        }

        if (!System.IO.File.Exists(File))
        {
            throw new BackendException(BackendErrorKind.AuthExpired, $"the credentials file {File} does not exist");
        }

        if (!OperatingSystem.IsWindows() && (System.IO.File.GetUnixFileMode(File!) & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0)
        {
            throw new BackendException(BackendErrorKind.Fatal, $"the credentials file {File} may be read by others; make it 0600 (chmod 600)");
        }

        var secret = System.IO.File.ReadAllText(File!).Trim();
        return secret.Length == 0 ? throw new BackendException(BackendErrorKind.AuthExpired, $"the credentials file {File} is empty") : secret;
    }

    /// <summary>Another variable of the same environment, for a vendor whose secret comes in parts (AWS's key id, secret
    /// and session token).</summary>
    internal string? ReadVariable(string variable) => _environment(variable);

    public override string ToString() => Variable is not null ? $"env {Variable}" : $"file {File}";
}
