using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Qxm.Client.Errors;
using Qxm.Client.Wire;

namespace Qxm.Client.Transport;

/// <summary>Sends the API's requests: the caller's key and tenant on each, a retry after 503 or a rate-limit 429 as
/// Retry-After says, and every refusal as a <see cref="QxmApiException"/>.</summary>
internal sealed class ApiTransport(HttpClient http, Uri server, string? apiKey, QxmClientOptions options)
{
    private static readonly TimeSpan MaxSingleRetryWait = TimeSpan.FromSeconds(30);

    public Uri Server => server;

    /// <summary>Sends a request made by <paramref name="create"/> and returns the answer, success or not: again after a 503
    /// or a rate-limit 429, at most <see cref="QxmClientOptions.MaxRetries"/> times and
    /// <see cref="QxmClientOptions.MaxRetryWait"/> in all. A tenant's full queue (also 429) is an answer, not retried.</summary>
    public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> create, bool stream, CancellationToken cancellationToken)
    {
        var waited = TimeSpan.Zero;
        for (var attempt = 0; ; attempt++)
        {
            var response = await SendOnceAsync(create(), stream, cancellationToken);
            if (attempt >= options.MaxRetries || !await IsRetryableAsync(response, cancellationToken))
            {
                return response;
            }

            var wait = RetryAfter(response) ?? TimeSpan.FromSeconds(1);
            wait = wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxSingleRetryWait ? MaxSingleRetryWait : wait;
            if (waited + wait > options.MaxRetryWait)
            {
                return response;
            }

            response.Dispose();
            waited += wait;
            await Task.Delay(wait, options.Time, cancellationToken);
        }
    }

    /// <summary>Sends and reads a successful answer as <typeparamref name="T"/>, or throws what the server refused.</summary>
    public async Task<T> SendAsync<T>(Func<HttpRequestMessage> create, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(create, stream: false, cancellationToken);
        return await ReadAsync<T>(response, cancellationToken);
    }

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await ThrowUnlessSuccessAsync(response, cancellationToken);
        var problemOnEmpty = new ApiProblem("about:blank", null, (int)response.StatusCode, "the server answered with an empty body", [],
            new Dictionary<string, System.Text.Json.JsonElement>());
        return await response.Content.ReadFromJsonAsync<T>(WireJson.Options, cancellationToken)
            ?? throw new QxmApiException(response.StatusCode, problemOnEmpty);
    }

    public static async Task ThrowUnlessSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new QxmApiException(response.StatusCode, ApiProblem.Parse((int)response.StatusCode, text, response.ReasonPhrase), RetryAfter(response));
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter is { } header
            ? header.Delta ?? (header.Date is { } date ? date - DateTimeOffset.UtcNow : null)
            : null;

    private static async Task<bool> IsRetryableAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            return true;
        }

        if (response.StatusCode != HttpStatusCode.TooManyRequests)
        {
            return false;
        }

        // Buffered, so the caller can still read the problem when it is not retried.
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return text.Contains(ProblemTypes.RateLimited, StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, bool stream, CancellationToken cancellationToken)
    {
        using (request)
        {
            // Resolved here, not by HttpClient.BaseAddress, so that a caller's HttpClient can be shared between servers.
            if (request.RequestUri is { IsAbsoluteUri: false } relative)
            {
                request.RequestUri = new Uri(server, relative.OriginalString.TrimStart('/'));
            }

            request.Headers.Add(ApiHeaders.Client, options.ClientName);
            if (options.Tenant is not null)
            {
                request.Headers.Add(ApiHeaders.Tenant, options.Tenant);
            }

            if (apiKey is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
            }

            // An event stream stays open as long as its reader likes; any other answer must come within the timeout.
            using var timeout = stream ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout?.CancelAfter(options.RequestTimeout);
            try
            {
                var response = await http.SendAsync(request, stream ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead,
                    timeout?.Token ?? cancellationToken);
                return response;
            }
            catch (HttpRequestException e) when (e.StatusCode is null)
            {
                throw new QxmUnreachableException(server, e);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new QxmUnreachableException(server, new TimeoutException($"no answer within {options.RequestTimeout.TotalSeconds:0.#} s", e));
            }
        }
    }
}
