using System.Text;
using System.Text.RegularExpressions;
using Qxm.Backends.Contract;

namespace Qxm.Backends.Vendors.Braket;

/// <summary>AWS's error types (Braket's REST-JSON and S3's XML answers) as qxm's error kinds.</summary>
internal static partial class AwsErrors
{
    /// <summary>AWS names its errors in <c>x-amzn-ErrorType</c> (Braket) or the XML body's <c>Code</c> (S3); the kind
    /// follows the name where the status alone would mislead (403 is an expired token or a missing permission; 424 a
    /// device offline; a missing results.json not yet written).</summary>
    public static BackendErrorKind? Classify(HttpResponseMessage response, byte[] body)
    {
        var type = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.First().Split(':')[0] : null;
        if (type is null && body.Length > 0 && body[0] == (byte)'<' && ErrorCode().Match(Encoding.UTF8.GetString(body)) is { Success: true } code)
        {
            type = code.Groups[1].Value;
        }

        return type switch
        {
            "ThrottlingException" or "TooManyRequestsException" or "SlowDown" => BackendErrorKind.RateLimited,
            "ServiceQuotaExceededException" => BackendErrorKind.QuotaExceeded,
            "ValidationException" or "ResourceNotFoundException" or "ConflictException" or "NoSuchBucket" => BackendErrorKind.InvalidInput,
            "ExpiredTokenException" or "ExpiredToken" or "UnrecognizedClientException" or "InvalidSignatureException" or "SignatureDoesNotMatch"
                or "InvalidAccessKeyId" or "InvalidClientTokenId" or "RequestExpired" or "RequestTimeTooSkewed" => BackendErrorKind.AuthExpired,
            "AccessDeniedException" or "AccessDenied" or "DeviceRetiredException" => BackendErrorKind.Fatal,
            "DeviceOfflineException" => BackendErrorKind.DeviceUnavailable,
            "InternalServiceException" or "InternalError" or "NoSuchKey" => BackendErrorKind.Transient,
            _ => null,
        };
    }

    [GeneratedRegex("<Code>([A-Za-z]+)</Code>")]
    private static partial Regex ErrorCode();
}
