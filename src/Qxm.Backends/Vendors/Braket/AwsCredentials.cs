using Qxm.Backends.Contract;

namespace Qxm.Backends.Vendors.Braket;

/// <summary>An AWS access key and its secret, with the session token of temporary credentials. Never logged: its text
/// names the key id only.</summary>
internal sealed record AwsCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken = null)
{
    private const string KeyIdSuffix = "ACCESS_KEY_ID";

    /// <summary>The credentials where <paramref name="source"/> says they are, read afresh on every call (so rotated
    /// temporary credentials are picked up). An environment variable named <c>..._ACCESS_KEY_ID</c> holds the key id and
    /// its siblings <c>..._SECRET_ACCESS_KEY</c> and <c>..._SESSION_TOKEN</c> the rest, as AWS's own variables do; a file
    /// is in AWS's shared-credentials form (<c>aws_access_key_id = ...</c>, the first of each); either may instead hold
    /// <c>KEYID:SECRET[:TOKEN]</c> on one line.</summary>
    public static AwsCredentials Read(VendorCredential source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var text = source.Read();
        if (text.Contains("aws_access_key_id", StringComparison.OrdinalIgnoreCase))
        {
            return SharedFile(text, source);
        }

        var parts = text.Split(':');
        if (parts.Length is 2 or 3 && parts.All(p => p.Length > 0))
        {
            return new AwsCredentials(parts[0].Trim(), parts[1].Trim(), parts.Length == 3 ? parts[2].Trim() : null);
        }

        if (source.Variable is { } variable && variable.EndsWith(KeyIdSuffix, StringComparison.Ordinal))
        {
            var stem = variable[..^KeyIdSuffix.Length];
            var secret = source.ReadVariable(stem + "SECRET_ACCESS_KEY");
            if (string.IsNullOrWhiteSpace(secret))
            {
                throw new BackendException(BackendErrorKind.AuthExpired, $"the environment variable {stem}SECRET_ACCESS_KEY is not set");
            }

            var token = source.ReadVariable(stem + "SESSION_TOKEN");
            return new AwsCredentials(text, secret.Trim(), string.IsNullOrWhiteSpace(token) ? null : token.Trim());
        }

        throw new BackendException(BackendErrorKind.AuthExpired,
            $"the AWS credentials in {source} are neither KEYID:SECRET[:TOKEN] nor a key id variable named ..._{KeyIdSuffix}");
    }

    public override string ToString() => $"AWS key {AccessKeyId}";

    private static AwsCredentials SharedFile(string text, VendorCredential source)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in text.Split('\n'))
        {
            var at = line.IndexOf('=', StringComparison.Ordinal);
            if (at > 0 && !line.TrimStart().StartsWith('#'))
            {
                values.TryAdd(line[..at].Trim(), line[(at + 1)..].Trim());
            }
        }

        return values.TryGetValue("aws_access_key_id", out var id) && values.TryGetValue("aws_secret_access_key", out var secret)
            && id.Length > 0 && secret.Length > 0
            ? new AwsCredentials(id, secret, values.GetValueOrDefault("aws_session_token") is { Length: > 0 } token ? token : null)
            : throw new BackendException(BackendErrorKind.AuthExpired, $"the AWS credentials in {source} lack aws_access_key_id or aws_secret_access_key");
    }
}
