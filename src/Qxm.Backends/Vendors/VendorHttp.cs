using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Qxm.Backends.Contract;

namespace Qxm.Backends.Vendors;

/// <summary>One vendor call over HTTP and the translation of its failures into the error taxonomy, the one place an
/// adapter's transport errors become kinds: 429 is <see cref="BackendErrorKind.RateLimited"/> with the vendor's
/// <c>Retry-After</c>, 401 <see cref="BackendErrorKind.AuthExpired"/>, 402 <see cref="BackendErrorKind.QuotaExceeded"/>,
/// 503 <see cref="BackendErrorKind.DeviceUnavailable"/>, other 5xx, dropped connections and timeouts
/// <see cref="BackendErrorKind.Transient"/>, other 4xx <see cref="BackendErrorKind.InvalidInput"/>. Every failure
/// carries the vendor's raw answer, which the engine keeps on the run as an artifact. A vendor whose answers name their
/// error (AWS's <c>x-amzn-ErrorType</c>) passes <paramref name="classify"/>, asked first; null keeps the status's kind.</summary>
internal sealed class VendorHttp(HttpClient client, string vendor, TimeProvider time, Func<HttpResponseMessage, byte[], BackendErrorKind?>? classify = null)
{
    /// <summary>The header that names qxm's run on every call made for a run.</summary>
    public const string RunIdHeader = "X-Qxm-Run-Id";

    public const string JsonType = "application/json";

    public async Task<VendorAnswer> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        (await SendAsync(request, null, cancellationToken))!;

    /// <summary>As <see cref="SendAsync(HttpRequestMessage, CancellationToken)"/>, but an answer of <paramref name="expected"/>
    /// (a 404 for "no such job", a 409 for "already made") is null instead of a failure: the caller's normal case.</summary>
    public async Task<VendorAnswer?> SendAsync(HttpRequestMessage request, HttpStatusCode? expected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new BackendException(BackendErrorKind.Transient, $"{vendor}: {request.Method} {request.RequestUri?.AbsolutePath} failed: {e.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BackendException(BackendErrorKind.Transient, $"{vendor}: {request.Method} {request.RequestUri?.AbsolutePath} timed out");
        }

        using (response)
        {
            byte[] body;
            try
            {
                body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            }
            catch (HttpRequestException e)
            {
                throw new BackendException(BackendErrorKind.Transient, $"{vendor}: the answer to {request.Method} {request.RequestUri?.AbsolutePath} broke off: {e.Message}");
            }

            if (response.IsSuccessStatusCode)
            {
                return new VendorAnswer(response.Content.Headers.ContentType?.MediaType, body);
            }

            if (response.StatusCode == expected)
            {
                return null;
            }

            throw Classify(request, response, body);
        }
    }

    /// <summary>The JSON document in a successful answer; an answer that is not JSON is <see cref="BackendErrorKind.Transient"/>
    /// (another read may bring it whole) with the raw bytes.</summary>
    public static JsonDocument ParseJson(VendorAnswer answer, string what)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (!string.Equals(answer.ContentType, JsonType, StringComparison.OrdinalIgnoreCase))
        {
            throw new BackendException(BackendErrorKind.Transient, $"{what} came as '{answer.ContentType}', not {JsonType}", rawAnswer: answer.Body);
        }

        try
        {
            return JsonDocument.Parse(answer.Body);
        }
        catch (JsonException e)
        {
            throw new BackendException(BackendErrorKind.Transient, $"{what} is not valid JSON ({e.Message})", rawAnswer: answer.Body);
        }
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, JsonType);

    private BackendException Classify(HttpRequestMessage request, HttpResponseMessage response, byte[] body)
    {
        var status = (int)response.StatusCode;
        var message = $"{vendor}: {request.Method} {request.RequestUri?.AbsolutePath} answered {status} {response.ReasonPhrase}{VendorMessage(body)}";
        var kind = classify?.Invoke(response, body) ?? response.StatusCode switch
        {
            HttpStatusCode.TooManyRequests => BackendErrorKind.RateLimited,
            HttpStatusCode.Unauthorized => BackendErrorKind.AuthExpired,
            HttpStatusCode.PaymentRequired => BackendErrorKind.QuotaExceeded,
            HttpStatusCode.ServiceUnavailable => BackendErrorKind.DeviceUnavailable,
            HttpStatusCode.RequestTimeout => BackendErrorKind.Transient,
            _ when status >= 500 => BackendErrorKind.Transient,
            HttpStatusCode.Forbidden => BackendErrorKind.Fatal,
            _ => BackendErrorKind.InvalidInput,
        };
        var retryAfter = kind is BackendErrorKind.RateLimited or BackendErrorKind.DeviceUnavailable ? RetryAfter(response.Headers.RetryAfter) : null;
        if (kind == BackendErrorKind.RateLimited)
        {
            // A 429 without Retry-After still means "slow down": one second is the least any vendor asks.
            retryAfter ??= TimeSpan.FromSeconds(1);
        }

        return new BackendException(kind, message, retryAfter, body);
    }

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > time.GetUtcNow() ? date - time.GetUtcNow() : TimeSpan.Zero,
        _ => null,
    };

    /// <summary>The vendor's own words from a JSON error body (<c>message</c>, <c>error</c>, <c>detail</c>, IAM's <c>errorMessage</c> or
    /// <c>errors[0].message</c>), cut short; nothing when the body says nothing readable.</summary>
    private static string VendorMessage(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            foreach (var name in (string[])["message", "error", "detail", "Message", "errorMessage"])
            {
                if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value))
                {
                    var text = value.ValueKind == JsonValueKind.String ? value.GetString()
                        : value.ValueKind == JsonValueKind.Object && value.TryGetProperty("message", out var inner) ? inner.GetString()
                        : null;
                    if (!string.IsNullOrWhiteSpace(text))
                    {
                        return ": " + (text.Length > 300 ? string.Create(CultureInfo.InvariantCulture, $"{text[..300]}...") : text);
                    }
                }
            }

            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array
                && errors.GetArrayLength() > 0 && errors[0].ValueKind == JsonValueKind.Object && errors[0].TryGetProperty("message", out var first))
            {
                return ": " + first.GetString();
            }
        }
        catch (JsonException)
        {
            // Not JSON: the raw answer travels as an artifact; the message keeps to the status.
        }

        return "";
    }
}
