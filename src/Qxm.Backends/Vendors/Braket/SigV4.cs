using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace Qxm.Backends.Vendors.Braket;

/// <summary>AWS Signature Version 4 by the AWS SDK's own signer (<c>AWSSDK.Core</c>'s <see cref="AWSSigV4Signer"/>), used
/// alone: qxm's <see cref="HttpClient"/> and resilience pipeline send the request, so nothing of the SDK's client (its
/// retries, timeouts and credential chain) runs under the engine's. The signed headers go onto the request as the SDK
/// returns them. The contract fake verifies each signature with its own implementation of AWS's server side, which is
/// itself checked against AWS's published test-suite vectors.</summary>
internal static class SigV4
{
    /// <summary>Signs the request in place: <c>Authorization</c>, <c>X-Amz-Date</c>, <c>X-Amz-Content-SHA256</c> and the
    /// session token where there is one, over the host, those, every <c>x-amz-*</c> header and the content type.</summary>
    public static void Sign(HttpRequestMessage request, byte[] payload, AwsCredentials credentials, string region, string service, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(credentials);
        var signing = new AWSSigningRequest
        {
            HttpMethod = request.Method,
            RequestUri = request.RequestUri ?? throw new ArgumentException("the request has no address", nameof(request)),
            Content = payload,
        };
        foreach (var header in request.Headers.Where(h => h.Key.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase)))
        {
            signing.Headers[header.Key] = string.Join(',', header.Value);
        }

        if (request.Content?.Headers.ContentType is { } type)
        {
            signing.Headers["Content-Type"] = type.ToString();
        }

        var parameters = new AWSSigV4Parameters
        {
            Credentials = credentials.SessionToken is { } token
                ? new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, token)
                : new BasicAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey),
            Region = RegionEndpoint.GetBySystemName(region),
            Service = service,
            SignPayload = true,
            SignedAt = at.UtcDateTime,
        };
        foreach (var (name, value) in AWSSigV4Signer.Sign(signing, parameters).Headers)
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }
    }
}
