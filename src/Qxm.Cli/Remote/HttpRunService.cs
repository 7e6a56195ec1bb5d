using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Qxm.Cli.Remote;
using Qxm.Domain.Audit;
using Qxm.Domain.Backends;
using Qxm.Domain.Errors;
using Qxm.Domain.Experiments;
using Qxm.Domain.Runs;
using Qxm.Domain.Security;
using Qxm.Domain.Tenancy;
using Qxm.Engine.Api;
using Qxm.Engine.Audit;
using Qxm.Engine.Matching;
using Qxm.Engine.Persistence;
using Qxm.Engine.Security;
using Qxm.Server.Endpoints;
using Qxm.Server.Json;

namespace Qxm.Cli.Remote;

/// <summary><see cref="IRunService"/>, <see cref="IQueueService"/>, <see cref="IAuditService"/> and <see cref="IKeyAdministration"/> over the REST API of a running <c>qxm serve</c>.</summary>
internal sealed partial class HttpRunService : IRunService, IQueueService, IAuditService, IKeyAdministration, IDisposable
{
    private const string Runs = "api/v1/runs";
    private const string Keys = "api/v1/keys";
    private const string Reservations = "api/v1/reservations";
    private const string Audit = "api/v1/audit";

    /// <summary>What the server names a circuit sent inline; the user knows it by its local path.</summary>
    private const string InlineOrigin = "<inline>";

    /// <summary>Retries of one request after 503 or a rate-limit 429, and the longest wait in all and per retry.</summary>
    public const int MaxRetries = 5;

    public static readonly TimeSpan MaxRetryWait = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan MaxSingleRetryWait = TimeSpan.FromSeconds(30);

    private const string RateLimitedProblem = "urn:qxm:problem:rate-limited";

    private const string QuotaExceededProblem = "urn:qxm:problem:quota-exceeded";

    private readonly HttpClient _http;
    private readonly Uri _server;
    private readonly TimeProvider _time;

    /// <param name="tenant">Sent with every request: which of the caller's tenants it acts in.</param>
    /// <param name="apiKey">Sent as <c>Authorization: Bearer</c>; null sends none (a server started with --no-auth).</param>
    public HttpRunService(Uri server, string tenant, string? apiKey, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        ArgumentNullException.ThrowIfNull(server);

        // Relative request paths must extend the base path, not replace its last segment.
        _server = server.AbsoluteUri.EndsWith('/') ? server : new Uri(server.AbsoluteUri + "/");
        _http = new HttpClient { BaseAddress = _server, Timeout = TimeSpan.FromSeconds(60) };
        _http.DefaultRequestHeaders.Add(RunEndpointHeaders.Tenant, tenant);
        _http.DefaultRequestHeaders.Add(RunEndpointHeaders.Client, "qxm-cli");
        if (apiKey is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        }
    }

    public async Task<SubmitOutcome> SubmitAsync(ExperimentDefinition experiment, SubmitOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        var body = ExperimentDocument.ToJson(experiment).ToJsonString();
        ArgumentNullException.ThrowIfNull(options);
        // A key of its own when the caller gives none, so that retrying after a store outage cannot submit twice.
        var key = options.IdempotencyKey ?? "qxm-cli-" + Guid.NewGuid().ToString("N");
        using var response = await SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, Runs) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add(RunEndpointHeaders.IdempotencyKey, key);
            return request;
        }, cancellationToken);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            var problem = await ReadProblemAsync(response, cancellationToken);
            var retryAfter = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
            return new SubmitOutcome(null, problem.DiagnosticsOr("api.backpressure"), retryAfter);
        }

        if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity or HttpStatusCode.Forbidden or HttpStatusCode.RequestEntityTooLarge)
        {
            var problem = await ReadProblemAsync(response, cancellationToken);
            var refusal = response.StatusCode switch
            {
                HttpStatusCode.UnprocessableEntity => SubmitRefusal.IdempotencyKeyReused,
                HttpStatusCode.Forbidden => SubmitRefusal.QuotaExceeded,
                _ => SubmitRefusal.Invalid,
            };
            return new SubmitOutcome(null, Relocated(problem.DiagnosticsOr("api.refused"), experiment), Refusal: refusal);
        }

        var run = await ReadAsync<Run>(response, cancellationToken);
        return new SubmitOutcome(run, Relocated(run.Diagnostics, experiment), Replayed: response.Headers.Contains(RunEndpointHeaders.IdempotentReplayed));
    }

    public async Task<ValidationOutcome> ValidateAsync(ExperimentDefinition experiment, SubmitOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        using var response = await PostExperimentAsync("api/v1/validate", experiment, options, cancellationToken);
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            var problem = await ReadProblemAsync(response, cancellationToken);
            return new ValidationOutcome(null, Relocated(problem.DiagnosticsOr("api.refused"), experiment));
        }

        var outcome = await ReadAsync<ValidationOutcome>(response, cancellationToken);
        return outcome with { Diagnostics = Relocated(outcome.Diagnostics, experiment) };
    }

    public async Task<IReadOnlyList<BackendCandidate>> MatchBackendsAsync(ExperimentDefinition experiment, SubmitOptions options, CancellationToken cancellationToken)
    {
        using var response = await PostExperimentAsync("api/v1/backends/match", experiment, options, cancellationToken);
        return await ReadAsync<List<BackendCandidate>>(response, cancellationToken);
    }

    public async Task<Run?> GetAsync(string runId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"{Runs}/{Uri.EscapeDataString(runId)}"), cancellationToken);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ReadAsync<Run>(response, cancellationToken);
    }

    public async Task<IReadOnlyList<Run>> ListAsync(RunQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parameters = new List<string> { $"limit={query.Limit}" };
        if (query.State is { } state)
        {
            parameters.Add("state=" + JsonNamingPolicy.CamelCase.ConvertName(state.ToString()));
        }

        if (query.Backend is { } backend)
        {
            parameters.Add("backend=" + Uri.EscapeDataString(backend));
        }

        parameters.AddRange(SearchParameters(query));
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"{Runs}?{string.Join('&', parameters)}"), cancellationToken);
        return await ReadAsync<List<Run>>(response, cancellationToken);
    }

    public async Task<RunResult?> GetResultAsync(string runId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Get, $"{Runs}/{Uri.EscapeDataString(runId)}/results"), cancellationToken);
        return response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict
            ? null
            : await ReadAsync<RunResult>(response, cancellationToken);
    }

    public async Task<CancelOutcome> CancelAsync(string runId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, $"{Runs}/{Uri.EscapeDataString(runId)}/cancel"), cancellationToken);
        return response.StatusCode switch
        {
            HttpStatusCode.NotFound => CancelOutcome.NotFound,
            HttpStatusCode.Conflict => CancelOutcome.AlreadyFinished,
            _ => await ReadAsync<Run>(response, cancellationToken) is not null ? CancelOutcome.Cancelled : CancelOutcome.NotFound,
        };
    }

    public async Task<IReadOnlyList<BackendInfo>> ListBackendsAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "api/v1/backends"), cancellationToken);
        return await ReadAsync<List<BackendInfo>>(response, cancellationToken);
    }

    public async Task<IReadOnlyList<QueueEntry>> GetQueueAsync(string? backend, CancellationToken cancellationToken)
    {
        var path = backend is null ? "api/v1/queue" : $"api/v1/queue?backend={Uri.EscapeDataString(backend)}";
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);
        return await ReadAsync<List<QueueEntry>>(response, cancellationToken);
    }

    public async Task<IReadOnlyList<TenantStatus>> ListTenantsAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "api/v1/tenants"), cancellationToken);
        return await ReadAsync<List<TenantStatus>>(response, cancellationToken);
    }

    public async Task<ReservationOutcome> ReserveAsync(ReservationRequest request, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, Reservations) { Content = JsonContent.Create(request, options: ApiJson.Options) }, cancellationToken);
        if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Conflict)
        {
            var problem = await ReadProblemAsync(response, cancellationToken);
            return new ReservationOutcome(null, problem.DiagnosticsOr("api.refused"), Conflict: response.StatusCode == HttpStatusCode.Conflict);
        }

        return new ReservationOutcome(await ReadAsync<Reservation>(response, cancellationToken), []);
    }

    public async Task<IReadOnlyList<Reservation>> ListReservationsAsync(string? backend, CancellationToken cancellationToken)
    {
        var path = backend is null ? Reservations : $"{Reservations}?backend={Uri.EscapeDataString(backend)}";
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);
        return await ReadAsync<List<Reservation>>(response, cancellationToken);
    }

    public async Task<ReservationUsage?> GetReservationUsageAsync(string reservationId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Get, $"{Reservations}/{Uri.EscapeDataString(reservationId)}/usage"), cancellationToken);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ReadAsync<ReservationUsage>(response, cancellationToken);
    }

    public async Task<bool> CancelReservationAsync(string reservationId, CancellationToken cancellationToken)
    {
        return await SendForFoundAsync(() => new HttpRequestMessage(HttpMethod.Delete, $"{Reservations}/{Uri.EscapeDataString(reservationId)}"), cancellationToken);
    }

    public async Task<BackendControl?> ControlBackendAsync(string backend, BackendControlMode mode, string reason, string actor, CancellationToken cancellationToken)
    {
        var verb = mode == BackendControlMode.Draining ? "drain" : "hold";
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, $"api/v1/backends/{Uri.EscapeDataString(backend)}/{verb}")
            {
                Content = JsonContent.Create(new { reason }, options: ApiJson.Options),
            },
            cancellationToken);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ReadAsync<BackendControl>(response, cancellationToken);
    }

    public async Task<bool> ReleaseBackendAsync(string backend, CancellationToken cancellationToken)
    {
        return await SendForFoundAsync(() => new HttpRequestMessage(HttpMethod.Post, $"api/v1/backends/{Uri.EscapeDataString(backend)}/release"), cancellationToken);
    }

    /// <summary>The server's SLIs over a window such as 1h, 1d or 30d.</summary>
    public async Task<Engine.Slo.SliReport> GetSlisAsync(string window, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"api/v1/slo?window={Uri.EscapeDataString(window)}"), cancellationToken);
        return await ReadAsync<Engine.Slo.SliReport>(response, cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEvent>> ListAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parameters = new List<string> { string.Create(CultureInfo.InvariantCulture, $"limit={query.Limit}") };
        if (query.Since is { } since)
        {
            parameters.Add("since=" + Uri.EscapeDataString(since.ToString("O", CultureInfo.InvariantCulture)));
        }

        foreach (var (name, value) in new[] { ("actor", query.Actor), ("action", query.Action), ("run", query.RunId) })
        {
            if (value is not null)
            {
                parameters.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }

        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"{Audit}?{string.Join('&', parameters)}"), cancellationToken);
        return await ReadAsync<List<AuditEvent>>(response, cancellationToken);
    }

    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"{Audit}/verify"), cancellationToken);
        return await ReadAsync<AuditVerification>(response, cancellationToken);
    }

    public async Task<KeyOutcome> CreateKeyAsync(NewKeyRequest request, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, Keys) { Content = JsonContent.Create(request, options: ApiJson.Options) }, cancellationToken);
        return await ReadKeyOutcomeAsync(response, cancellationToken);
    }

    public async Task<IReadOnlyList<ApiKey>> ListKeysAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, Keys), cancellationToken);
        return await ReadAsync<List<ApiKey>>(response, cancellationToken);
    }

    public async Task<bool> RevokeKeyAsync(string keyId, CancellationToken cancellationToken)
    {
        return await SendForFoundAsync(() => new HttpRequestMessage(HttpMethod.Delete, $"{Keys}/{Uri.EscapeDataString(keyId)}"), cancellationToken);
    }

    public async Task<KeyOutcome> RotateKeyAsync(string keyId, TimeSpan overlap, CancellationToken cancellationToken)
    {
        var seconds = overlap.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, $"{Keys}/{Uri.EscapeDataString(keyId)}/rotate?overlapSeconds={seconds}"), cancellationToken);
        return await ReadKeyOutcomeAsync(response, cancellationToken);
    }

    public void Dispose() => _http.Dispose();

    private static async Task<KeyOutcome> ReadKeyOutcomeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound)
        {
            var problem = await ReadProblemAsync(response, cancellationToken);
            return new KeyOutcome(null, problem.DiagnosticsOr("api.refused"), NotFound: response.StatusCode == HttpStatusCode.NotFound);
        }

        return new KeyOutcome(await ReadAsync<IssuedKey>(response, cancellationToken), []);
    }

    private async Task<HttpResponseMessage> PostExperimentAsync(string path, ExperimentDefinition experiment, SubmitOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var body = ExperimentDocument.ToJson(experiment).ToJsonString();
        return await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") }, cancellationToken);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await ThrowUnlessSuccessAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync<T>(ApiJson.Options, cancellationToken)
            ?? throw new ServerErrorException($"the server answered {(int)response.StatusCode} with an empty body");
    }

    /// <summary>Server diagnostics name a circuit sent inline as <c>&lt;inline&gt;</c>; the user knows it by its path.</summary>
    private static IReadOnlyList<Diagnostic> Relocated(IReadOnlyList<Diagnostic> diagnostics, ExperimentDefinition experiment) =>
        [.. diagnostics.Select(d => d.File == InlineOrigin ? d with { File = experiment.CircuitOrigin } : d)];

    /// <summary>Sends a request whose answer is only "done" or 404 (no such object, or not the caller's).</summary>
    private async Task<bool> SendForFoundAsync(Func<HttpRequestMessage> create, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(create, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        await ThrowUnlessSuccessAsync(response, cancellationToken);
        return true;
    }

    private static async Task ThrowUnlessSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var problem = await ReadProblemAsync(response, cancellationToken);
            throw new ServerErrorException($"the server answered {(int)response.StatusCode}: {problem.Detail}");
        }
    }

    private static async Task<RemoteProblem> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            return RemoteProblem.Parse(text);
        }
        catch (JsonException)
        {
            return new RemoteProblem(string.IsNullOrWhiteSpace(text) ? response.ReasonPhrase ?? "no detail" : text.Trim(), []);
        }
    }

    /// <summary>Sends a request made by <paramref name="create"/>, again after a 503 (the store failing for now) or a 429
    /// for the request rate, waiting what Retry-After says, at most <see cref="MaxRetries"/> times and
    /// <see cref="MaxRetryWait"/> in all. A tenant's full queue (also 429) is an answer, not retried.</summary>
    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> create, CancellationToken cancellationToken)
    {
        var waited = TimeSpan.Zero;
        for (var attempt = 0; ; attempt++)
        {
            var response = await SendOnceAsync(create(), cancellationToken);
            if (attempt >= MaxRetries || !await IsRetryableAsync(response, cancellationToken))
            {
                return response;
            }

            var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
            wait = wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxSingleRetryWait ? MaxSingleRetryWait : wait;
            if (waited + wait > MaxRetryWait)
            {
                return response;
            }

            response.Dispose();
            waited += wait;
            await Task.Delay(wait, _time, cancellationToken);
        }
    }

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
        return text.Contains(RateLimitedProblem, StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException e) when (e.StatusCode is null)
            {
                throw new ServerUnreachableException(_server, e);
            }
            catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ServerUnreachableException(_server, e);
            }

            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                // Buffered, so a refusal that is an answer (a tenant's quota, also 403) can still be read by the caller.
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                var problem = await ReadProblemAsync(response, cancellationToken);
                if (problem.Type == QuotaExceededProblem)
                {
                    return response;
                }

                using (response)
                {
                    throw new NotAuthorizedException(response.StatusCode == HttpStatusCode.Unauthorized
                        ? $"the server refused the credentials ({problem.Detail}); set {Connection.Credentials.KeyVariable} or use --credentials"
                        : $"the server refused: {problem.Detail}");
                }
            }

            return response;
        }
    }
}
