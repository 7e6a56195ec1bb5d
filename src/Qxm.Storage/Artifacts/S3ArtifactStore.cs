using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Qxm.Engine.Persistence;

namespace Qxm.Storage.Artifacts;

/// <summary>Artifacts as objects in an S3-compatible bucket, keyed <c>prefix/aa/bbbb...</c> by their SHA-256 as the
/// directory store names files, so instances with no shared file system share artifacts. A put writes the object again
/// even when it exists, which refreshes its time as the directory store's touch does for retention.</summary>
public sealed class S3ArtifactStore : IArtifactTier, IDisposable
{
    private readonly AmazonS3Client _client;
    private readonly string _bucket;
    private readonly string _prefix;

    public S3ArtifactStore(S3ArtifactOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = new AmazonS3Config
        {
            // Path-style addressing: S3-compatible servers on a host name or loopback port have no per-bucket host names.
            ForcePathStyle = true,
            AuthenticationRegion = options.Region,

            // Checksums only where the operation requires them: S3-compatible servers do not all take the SDK's
            // streaming checksum trailers, and every artifact is checked against its SHA-256 name when read.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (options.Endpoint is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.Region);
        }

        _client = options.AccessKey is { } key && options.SecretKey is { } secret
            ? new AmazonS3Client(new BasicAWSCredentials(key, secret), config)
            : new AmazonS3Client(config);
        _bucket = options.Bucket;
        _prefix = options.Prefix.Length == 0 ? "" : options.Prefix + "/";
    }

    public async Task<string> PutAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var hash = ArtifactHash.Of(content.Span);
        using var stream = new MemoryStream(content.ToArray(), writable: false);
        await _client.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = KeyOf(hash), InputStream = stream, AutoCloseStream = false, UseChunkEncoding = false }, cancellationToken);
        return hash;
    }

    public async Task<byte[]?> GetAsync(string hash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hash);
        if (!IsHash(hash))
        {
            return null;
        }

        try
        {
            using var response = await _client.GetObjectAsync(_bucket, KeyOf(hash), cancellationToken);
            using var buffer = new MemoryStream();
            await response.ResponseStream.CopyToAsync(buffer, cancellationToken);
            var bytes = buffer.ToArray();
            // Content addressing is checked on the way out too: an object changed behind qxm's back is not its artifact.
            return string.Equals(ArtifactHash.Of(bytes), hash, StringComparison.Ordinal)
                ? bytes
                : throw new Domain.Errors.QxmException($"artifact {hash} in s3://{_bucket}/{_prefix} does not hash to its name");
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<long?> SizeAsync(string hash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hash);
        if (!IsHash(hash))
        {
            return null;
        }

        try
        {
            var metadata = await _client.GetObjectMetadataAsync(_bucket, KeyOf(hash), cancellationToken);
            return metadata.ContentLength;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <remarks>S3 has no rename to move an object out of writers' way, so the object's time is read again after the
    /// reference check and the object deleted only if no put refreshed it meanwhile; a put landing between that read and
    /// the delete is the window left, and retention's grace period (untouched since) keeps it to fresh artifacts only.</remarks>
    public async Task<bool> DeleteIfOrphanedAsync(
        string hash, DateTimeOffset untouchedSince, Func<CancellationToken, Task<bool>> stillOrphaned, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hash);
        ArgumentNullException.ThrowIfNull(stillOrphaned);
        if (!IsHash(hash) || await LastModifiedAsync(hash, cancellationToken) is not { } before || before >= untouchedSince
            || !await stillOrphaned(cancellationToken) || await LastModifiedAsync(hash, cancellationToken) != before)
        {
            return false;
        }

        await _client.DeleteObjectAsync(_bucket, KeyOf(hash), cancellationToken);
        return true;
    }

    /// <summary>Creates the bucket when it does not exist (for a test server or a first start).</summary>
    public async Task EnsureBucketAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _client.PutBucketAsync(_bucket, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
        }
    }

    public void Dispose() => _client.Dispose();

    private async Task<DateTimeOffset?> LastModifiedAsync(string hash, CancellationToken cancellationToken)
    {
        try
        {
            var metadata = await _client.GetObjectMetadataAsync(_bucket, KeyOf(hash), cancellationToken);
            return metadata.LastModified is { } modified ? new DateTimeOffset(modified.ToUniversalTime(), TimeSpan.Zero) : null;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private string KeyOf(string hash) => $"{_prefix}{hash[..2]}/{hash[2..]}";

    private static bool IsHash(string hash) => hash.Length == 64 && hash.All(char.IsAsciiHexDigitLower);
}
