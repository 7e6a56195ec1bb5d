namespace Qxm.Storage.Artifacts;

/// <summary>Where an S3-compatible artifact store is: <c>s3://bucket/prefix</c>, the service endpoint (null for AWS
/// itself), the region, and credentials (null takes the SDK's default chain: environment, profile, instance role).</summary>
public sealed record S3ArtifactOptions(string Bucket, string Prefix, Uri? Endpoint = null, string Region = "us-east-1", string? AccessKey = null, string? SecretKey = null)
{
    public const string Scheme = "s3://";

    /// <summary>Reads <c>s3://bucket/prefix</c> with the endpoint, region and keys from <c>QXM_S3_ENDPOINT</c>,
    /// <c>QXM_S3_REGION</c>, <c>AWS_ACCESS_KEY_ID</c> and <c>AWS_SECRET_ACCESS_KEY</c> (through <paramref name="environment"/>);
    /// null with a reason when the location is not one.</summary>
    public static (S3ArtifactOptions? Options, string? Error) Parse(string location, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(environment);
        if (!location.StartsWith(Scheme, StringComparison.Ordinal))
        {
            return (null, $"'{location}' is not an s3://bucket/prefix location");
        }

        var rest = location[Scheme.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        var prefix = slash < 0 ? "" : rest[(slash + 1)..].Trim('/');
        if (bucket.Length is < 3 or > 63 || !bucket.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.'))
        {
            return (null, $"'{bucket}' is not a bucket name (3-63 lowercase letters, digits, '-' and '.')");
        }

        Uri? endpoint = null;
        if (environment("QXM_S3_ENDPOINT") is { Length: > 0 } text && !Uri.TryCreate(text, UriKind.Absolute, out endpoint))
        {
            return (null, $"QXM_S3_ENDPOINT '{text}' is not an absolute URL");
        }

        return (new S3ArtifactOptions(bucket, prefix, endpoint, environment("QXM_S3_REGION") is { Length: > 0 } region ? region : "us-east-1",
            environment("AWS_ACCESS_KEY_ID"), environment("AWS_SECRET_ACCESS_KEY")), null);
    }
}
