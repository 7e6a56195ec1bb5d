using System.Globalization;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Qxm.Client.Errors;
using Qxm.Client.Transport;
using Qxm.Client.Wire;
using Qxm.Domain.Backends;
using Qxm.Domain.Provenance;
using Qxm.Domain.Runs;

namespace Qxm.Client;

/// <summary>A client of one qxm server's REST API (<c>/api/v1</c>), acting as one API key. Every call is asynchronous and
/// cancellable; a refusal throws <see cref="QxmApiException"/> (its <see cref="QxmApiException.Kind"/> and the server's
/// problem details), no answer at all <see cref="QxmUnreachableException"/>. Safe to share between threads.</summary>
public sealed partial class QxmClient : IDisposable
{
    private const string Runs = "api/v1/runs";
    private const string Loops = "api/v1/loops";

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly ApiTransport _transport;
    private readonly QxmClientOptions _options;

    /// <param name="server">The server's base address, e.g. <c>http://127.0.0.1:8080/</c>.</param>
    /// <param name="apiKey">Sent as <c>Authorization: Bearer</c>; null sends none (a server started with <c>--no-auth</c>).</param>
    /// <param name="http">An HttpClient to send through (its handler, proxy and lifetime are the caller's); null makes one
    /// that this client disposes.</param>
    /// <param name="options">Tenant, timeouts, retries and polling; null for the defaults.</param>
    public QxmClient(Uri server, string? apiKey = null, HttpClient? http = null, QxmClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (!server.IsAbsoluteUri || server.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"'{server}' is not an http or https address", nameof(server));
        }

        _options = options ?? new QxmClientOptions();
        _options.Validate();
        _ownsHttp = http is null;
        _http = http ?? new HttpClient { Timeout = Timeout.InfiniteTimeSpan };

        // Relative request paths must extend the base path, not replace its last segment.
        var root = server.AbsoluteUri.EndsWith('/') ? server : new Uri(server.AbsoluteUri + "/");
        _transport = new ApiTransport(_http, root, apiKey, _options);
    }

    /// <summary>The server's base address.</summary>
    public Uri Server => _transport.Server;

    /// <summary>Queues an experiment and returns its run (state <c>queued</c>). A refused experiment throws
    /// <see cref="QxmApiException"/> of kind <see cref="ApiErrorKind.Invalid"/> whose problem lists the diagnostics.</summary>
    /// <param name="experiment">The experiment document or OpenQASM program.</param>
    /// <param name="idempotencyKey">Names this submission: sending it again (after a lost answer) returns the same run.
    /// Null makes a fresh key, so that the client's own retries cannot submit twice.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<Submission> SubmitAsync(ExperimentSource experiment, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        var key = idempotencyKey ?? "qxm-dotnet-" + Guid.NewGuid().ToString("N");
        using var response = await _transport.SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, Runs) { Content = new StringContent(experiment.Content, Encoding.UTF8, experiment.MediaType) };
            request.Headers.Add(ApiHeaders.IdempotencyKey, key);
            return request;
        }, stream: false, cancellationToken);
        var run = await ApiTransport.ReadAsync<Run>(response, cancellationToken);
        return new Submission(run, response.Headers.Contains(ApiHeaders.IdempotentReplayed));
    }

    /// <summary>One run: its state, backend, attempts and calibration. Throws <see cref="ApiErrorKind.NotFound"/> for a run
    /// the caller cannot see.</summary>
    public Task<Run> GetRunAsync(string runId, CancellationToken cancellationToken = default) =>
        _transport.SendAsync<Run>(() => new HttpRequestMessage(HttpMethod.Get, RunPath(runId)), cancellationToken);

    /// <summary>Waits until the run ends (succeeded, failed, cancelled or rejected) and returns it, reading it every
    /// <see cref="QxmClientOptions.PollInterval"/>. Give up by cancelling <paramref name="cancellationToken"/>.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="progress">Told the run each time its state changes, the first time included.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public async Task<Run> WaitAsync(string runId, IProgress<Run>? progress = null, CancellationToken cancellationToken = default)
    {
        RunState? last = null;
        while (true)
        {
            var run = await GetRunAsync(runId, cancellationToken);
            if (run.State != last)
            {
                last = run.State;
                progress?.Report(run);
            }

            if (RunLifecycle.IsTerminal(run.State))
            {
                return run;
            }

            await Task.Delay(_options.PollInterval, _options.Time, cancellationToken);
        }
    }

    /// <summary>The counts of a succeeded run per sweep point, with expectation values where the experiment asked for them.
    /// Throws <see cref="ApiErrorKind.Conflict"/> for a run that has not succeeded.</summary>
    public Task<RunResult> GetResultsAsync(string runId, CancellationToken cancellationToken = default) =>
        _transport.SendAsync<RunResult>(() => new HttpRequestMessage(HttpMethod.Get, RunPath(runId) + "/results"), cancellationToken);

    /// <summary>Cancels a run that has not ended and returns it. Throws <see cref="ApiErrorKind.Conflict"/> when it ended.</summary>
    public Task<Run> CancelAsync(string runId, CancellationToken cancellationToken = default) =>
        _transport.SendAsync<Run>(() => new HttpRequestMessage(HttpMethod.Post, RunPath(runId) + "/cancel"), cancellationToken);

    /// <summary>One page of runs matching <paramref name="filter"/>, newest first unless it says otherwise.</summary>
    /// <param name="filter">The filters and page size; null for every run, 100 a page.</param>
    /// <param name="cursor">The <see cref="RunPage.NextCursor"/> of the page before; null for the first page.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<RunPage> ListRunsAsync(RunFilter? filter = null, string? cursor = null, CancellationToken cancellationToken = default)
    {
        var path = Runs + "?" + RunQueryString(filter ?? new RunFilter(), cursor);
        using var response = await _transport.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), stream: false, cancellationToken);
        var runs = await ApiTransport.ReadAsync<List<Run>>(response, cancellationToken);
        var next = response.Headers.TryGetValues(ApiHeaders.NextCursor, out var values) ? values.FirstOrDefault() : null;
        return new RunPage(runs, string.IsNullOrEmpty(next) ? null : next);
    }

    /// <summary>Every run matching <paramref name="filter"/>, page after page as the enumeration goes on.</summary>
    public async IAsyncEnumerable<Run> SearchRunsAsync(RunFilter? filter = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? cursor = null;
        do
        {
            var page = await ListRunsAsync(filter, cursor, cancellationToken);
            foreach (var run in page.Runs)
            {
                yield return run;
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);
    }

    /// <summary>The run's provenance: experiment version, circuit, seed, backend and calibration, software versions.</summary>
    public Task<RunProvenance> GetProvenanceAsync(string runId, CancellationToken cancellationToken = default) =>
        _transport.SendAsync<RunProvenance>(() => new HttpRequestMessage(HttpMethod.Get, RunPath(runId) + "/provenance"), cancellationToken);

    /// <summary>The server's backends: status, target (qubits, gates, limits) and cost.</summary>
    public async Task<IReadOnlyList<BackendInfo>> ListBackendsAsync(CancellationToken cancellationToken = default) =>
        await _transport.SendAsync<List<BackendInfo>>(() => new HttpRequestMessage(HttpMethod.Get, "api/v1/backends"), cancellationToken);

    /// <summary>Starts an optimizer loop (an experiment with a <c>loop</c> section) that the server drives.</summary>
    public Task<LoopTrace> StartLoopAsync(ExperimentSource experiment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        return _transport.SendAsync<LoopTrace>(
            () => new HttpRequestMessage(HttpMethod.Post, Loops) { Content = new StringContent(experiment.Content, Encoding.UTF8, experiment.MediaType) },
            cancellationToken);
    }

    /// <summary>A loop and its evaluations so far.</summary>
    public Task<LoopTrace> GetLoopAsync(string loopId, CancellationToken cancellationToken = default) =>
        _transport.SendAsync<LoopTrace>(() => new HttpRequestMessage(HttpMethod.Get, $"{Loops}/{Escape(loopId)}"), cancellationToken);

    /// <summary>Sends a request to an endpoint this client has no method for, with the client's key, tenant, retries and
    /// errors, and reads the answer as <typeparamref name="T"/>.</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="relativePath">The path under the server's base address, with its query, e.g. <c>api/v1/queue</c>.</param>
    /// <param name="body">Sent as JSON in the API's conventions; null sends no body.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<T> SendAsync<T>(HttpMethod method, string relativePath, object? body = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentException.ThrowIfNullOrWhiteSpace(relativePath);
        return _transport.SendAsync<T>(() => Request(method, relativePath, body), cancellationToken);
    }

    /// <summary>Like <see cref="SendAsync{T}"/> for an endpoint whose answer has no body to read.</summary>
    public async Task SendAsync(HttpMethod method, string relativePath, object? body = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentException.ThrowIfNullOrWhiteSpace(relativePath);
        using var response = await _transport.SendAsync(() => Request(method, relativePath, body), stream: false, cancellationToken);
        await ApiTransport.ThrowUnlessSuccessAsync(response, cancellationToken);
    }

    /// <summary>Disposes the HttpClient this client made; one the caller gave stays the caller's.</summary>
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private static HttpRequestMessage Request(HttpMethod method, string relativePath, object? body) =>
        new(method, relativePath.TrimStart('/')) { Content = body is null ? null : JsonContent.Create(body, body.GetType(), options: WireJson.Options) };

    private static string RunPath(string runId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        return $"{Runs}/{Escape(runId)}";
    }

    private static string Escape(string value) => Uri.EscapeDataString(value);

    private static string RunQueryString(RunFilter filter, string? cursor)
    {
        static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

        var parameters = new List<string> { "limit=" + filter.PageSize.ToString(CultureInfo.InvariantCulture) };
        foreach (var (name, value) in new[]
        {
            ("state", filter.State is { } state ? JsonNamingPolicy.CamelCase.ConvertName(state.ToString()) : null),
            ("backend", filter.Backend), ("tag", filter.Tag), ("name", filter.Name), ("fingerprint", filter.Fingerprint),
            ("submitter", filter.Submitter), ("since", filter.Since is { } since ? Time(since) : null),
            ("until", filter.Until is { } until ? Time(until) : null), ("order", filter.OldestFirst ? "oldest" : null), ("cursor", cursor),
        })
        {
            if (value is not null)
            {
                parameters.Add($"{name}={Escape(value)}");
            }
        }

        return string.Join('&', parameters);
    }
}
