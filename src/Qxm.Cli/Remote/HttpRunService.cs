using System.Globalization;
using System.Text.Json;
using Qxm.Cli.Remote;
using Qxm.Client;
using Qxm.Client.Errors;
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

namespace Qxm.Cli.Remote;

/// <summary><see cref="IRunService"/>, <see cref="IQueueService"/>, <see cref="IAuditService"/> and <see cref="IKeyAdministration"/>
/// over the REST API of a running <c>qxm serve</c>: a thin adapter from the engine's interfaces onto <see cref="QxmClient"/>,
/// which sends, retries and classifies; this turns its refusals into the engine's outcome values.</summary>
internal sealed partial class HttpRunService : IRunService, IQueueService, IAuditService, IKeyAdministration, IDisposable
{
    private const string Keys = "api/v1/keys";
    private const string Reservations = "api/v1/reservations";
    private const string Audit = "api/v1/audit";

    /// <summary>What the server names a circuit sent inline; the user knows it by its local path.</summary>
    private const string InlineOrigin = "<inline>";

    private readonly QxmClient _client;

    /// <param name="tenant">Sent with every request: which of the caller's tenants it acts in.</param>
    /// <param name="apiKey">Sent as <c>Authorization: Bearer</c>; null sends none (a server started with --no-auth).</param>
    public HttpRunService(Uri server, string tenant, string? apiKey, TimeProvider? time = null)
    {
        _client = new QxmClient(server, apiKey, options: new QxmClientOptions { Tenant = tenant, ClientName = "qxm-cli", Time = time ?? TimeProvider.System });
    }

    /// <summary>The client underneath, for what the engine's interfaces do not say (loops, event streams).</summary>
    public QxmClient Client => _client;

    public async Task<SubmitOutcome> SubmitAsync(ExperimentDefinition experiment, SubmitOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(options);
        var body = ExperimentSource.Json(ExperimentDocument.ToJson(experiment).ToJsonString());
        try
        {
            // A key of its own when the caller gives none, so that retrying after a store outage cannot submit twice.
            var submission = await _client.SubmitAsync(body, options.IdempotencyKey ?? "qxm-cli-" + Guid.NewGuid().ToString("N"), cancellationToken);
            return new SubmitOutcome(submission.Run, Relocated(submission.Run.Diagnostics, experiment), Replayed: submission.Replayed);
        }
        catch (QxmApiException e) when (e.Kind == ApiErrorKind.Backpressure)
        {
            return new SubmitOutcome(null, DiagnosticsOr(e.Problem, "api.backpressure"), e.RetryAfter ?? TimeSpan.FromSeconds(1));
        }
        catch (QxmApiException e) when (e.Kind is ApiErrorKind.Invalid or ApiErrorKind.IdempotencyKeyReused or ApiErrorKind.QuotaExceeded)
        {
            var refusal = e.Kind switch
            {
                ApiErrorKind.IdempotencyKeyReused => SubmitRefusal.IdempotencyKeyReused,
                ApiErrorKind.QuotaExceeded => SubmitRefusal.QuotaExceeded,
                _ => SubmitRefusal.Invalid,
            };
            return new SubmitOutcome(null, Relocated(DiagnosticsOr(e.Problem, "api.refused"), experiment), Refusal: refusal);
        }
    }

    public async Task<ValidationOutcome> ValidateAsync(ExperimentDefinition experiment, SubmitOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        try
        {
            var outcome = await _client.SendAsync<ValidationOutcome>(HttpMethod.Post, "api/v1/validate", ExperimentDocument.ToJson(experiment), cancellationToken);
            return outcome with { Diagnostics = Relocated(outcome.Diagnostics, experiment) };
        }
        catch (QxmApiException e) when (e.Kind == ApiErrorKind.Invalid)
        {
            return new ValidationOutcome(null, Relocated(DiagnosticsOr(e.Problem, "api.refused"), experiment));
        }
    }

    public async Task<IReadOnlyList<BackendCandidate>> MatchBackendsAsync(ExperimentDefinition experiment, SubmitOptions options, CancellationToken cancellationToken) =>
        await _client.SendAsync<List<BackendCandidate>>(HttpMethod.Post, "api/v1/backends/match", ExperimentDocument.ToJson(experiment), cancellationToken);

    public async Task<Run?> GetAsync(string runId, CancellationToken cancellationToken) =>
        await FoundAsync(_client.GetRunAsync(runId, cancellationToken));

    public async Task<IReadOnlyList<Run>> ListAsync(RunQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filter = new RunFilter
        {
            State = query.State, Backend = query.Backend, Tag = query.Tag, Name = query.Name, Fingerprint = query.Fingerprint,
            Submitter = query.Submitter, Since = query.Since, Until = query.Until, OldestFirst = query.Order == RunOrder.Oldest, PageSize = query.Limit,
        };
        return (await _client.ListRunsAsync(filter, query.After?.Encode(), cancellationToken)).Runs;
    }

    public async Task<RunResult?> GetResultAsync(string runId, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.GetResultsAsync(runId, cancellationToken);
        }
        catch (QxmApiException e) when (e.Kind is ApiErrorKind.NotFound or ApiErrorKind.Conflict)
        {
            return null;
        }
    }

    public async Task<CancelOutcome> CancelAsync(string runId, CancellationToken cancellationToken)
    {
        try
        {
            await _client.CancelAsync(runId, cancellationToken);
            return CancelOutcome.Cancelled;
        }
        catch (QxmApiException e) when (e.Kind is ApiErrorKind.NotFound or ApiErrorKind.Conflict)
        {
            return e.Kind == ApiErrorKind.NotFound ? CancelOutcome.NotFound : CancelOutcome.AlreadyFinished;
        }
    }

    public Task<IReadOnlyList<BackendInfo>> ListBackendsAsync(CancellationToken cancellationToken) => _client.ListBackendsAsync(cancellationToken);

    public async Task<IReadOnlyList<QueueEntry>> GetQueueAsync(string? backend, CancellationToken cancellationToken) =>
        await _client.SendAsync<List<QueueEntry>>(HttpMethod.Get, backend is null ? "api/v1/queue" : $"api/v1/queue?backend={Uri.EscapeDataString(backend)}", null, cancellationToken);

    public async Task<IReadOnlyList<TenantStatus>> ListTenantsAsync(CancellationToken cancellationToken) =>
        await _client.SendAsync<List<TenantStatus>>(HttpMethod.Get, "api/v1/tenants", null, cancellationToken);

    public async Task<ReservationOutcome> ReserveAsync(ReservationRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return new ReservationOutcome(await _client.SendAsync<Reservation>(HttpMethod.Post, Reservations, request, cancellationToken), []);
        }
        catch (QxmApiException e) when (e.Kind is ApiErrorKind.Invalid or ApiErrorKind.Conflict)
        {
            return new ReservationOutcome(null, DiagnosticsOr(e.Problem, "api.refused"), Conflict: e.Kind == ApiErrorKind.Conflict);
        }
    }

    public async Task<IReadOnlyList<Reservation>> ListReservationsAsync(string? backend, CancellationToken cancellationToken) =>
        await _client.SendAsync<List<Reservation>>(HttpMethod.Get, backend is null ? Reservations : $"{Reservations}?backend={Uri.EscapeDataString(backend)}", null, cancellationToken);

    public async Task<ReservationUsage?> GetReservationUsageAsync(string reservationId, CancellationToken cancellationToken) =>
        await FoundAsync(_client.SendAsync<ReservationUsage>(HttpMethod.Get, $"{Reservations}/{Uri.EscapeDataString(reservationId)}/usage", null, cancellationToken));

    public async Task<bool> CancelReservationAsync(string reservationId, CancellationToken cancellationToken) =>
        await DoneAsync(_client.SendAsync(HttpMethod.Delete, $"{Reservations}/{Uri.EscapeDataString(reservationId)}", null, cancellationToken));

    public async Task<BackendControl?> ControlBackendAsync(string backend, BackendControlMode mode, string reason, string actor, CancellationToken cancellationToken)
    {
        var verb = mode == BackendControlMode.Draining ? "drain" : "hold";
        return await FoundAsync(_client.SendAsync<BackendControl>(HttpMethod.Post, $"api/v1/backends/{Uri.EscapeDataString(backend)}/{verb}", new { reason }, cancellationToken));
    }

    public async Task<bool> ReleaseBackendAsync(string backend, CancellationToken cancellationToken) =>
        await DoneAsync(_client.SendAsync(HttpMethod.Post, $"api/v1/backends/{Uri.EscapeDataString(backend)}/release", null, cancellationToken));

    /// <summary>The server's SLIs over a window such as 1h, 1d or 30d.</summary>
    public Task<Engine.Slo.SliReport> GetSlisAsync(string window, CancellationToken cancellationToken) =>
        _client.SendAsync<Engine.Slo.SliReport>(HttpMethod.Get, $"api/v1/slo?window={Uri.EscapeDataString(window)}", null, cancellationToken);

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

        return await _client.SendAsync<List<AuditEvent>>(HttpMethod.Get, $"{Audit}?{string.Join('&', parameters)}", null, cancellationToken);
    }

    public Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken) =>
        _client.SendAsync<AuditVerification>(HttpMethod.Get, $"{Audit}/verify", null, cancellationToken);

    public Task<KeyOutcome> CreateKeyAsync(NewKeyRequest request, CancellationToken cancellationToken) =>
        KeyOutcomeAsync(_client.SendAsync<IssuedKey>(HttpMethod.Post, Keys, request, cancellationToken));

    public async Task<IReadOnlyList<ApiKey>> ListKeysAsync(CancellationToken cancellationToken) =>
        await _client.SendAsync<List<ApiKey>>(HttpMethod.Get, Keys, null, cancellationToken);

    public async Task<bool> RevokeKeyAsync(string keyId, CancellationToken cancellationToken) =>
        await DoneAsync(_client.SendAsync(HttpMethod.Delete, $"{Keys}/{Uri.EscapeDataString(keyId)}", null, cancellationToken));

    public Task<KeyOutcome> RotateKeyAsync(string keyId, TimeSpan overlap, CancellationToken cancellationToken)
    {
        var seconds = overlap.TotalSeconds.ToString(CultureInfo.InvariantCulture);
        return KeyOutcomeAsync(_client.SendAsync<IssuedKey>(HttpMethod.Post, $"{Keys}/{Uri.EscapeDataString(keyId)}/rotate?overlapSeconds={seconds}", null, cancellationToken));
    }

    public void Dispose() => _client.Dispose();

    private static async Task<KeyOutcome> KeyOutcomeAsync(Task<IssuedKey> call)
    {
        try
        {
            return new KeyOutcome(await call, []);
        }
        catch (QxmApiException e) when (e.Kind is ApiErrorKind.Invalid or ApiErrorKind.NotFound)
        {
            return new KeyOutcome(null, DiagnosticsOr(e.Problem, "api.refused"), NotFound: e.Kind == ApiErrorKind.NotFound);
        }
    }

    /// <summary>The answer, or null when the server says there is no such object (or not the caller's).</summary>
    private static async Task<T?> FoundAsync<T>(Task<T> call)
        where T : class
    {
        try
        {
            return await call;
        }
        catch (QxmApiException e) when (e.Kind == ApiErrorKind.NotFound)
        {
            return null;
        }
    }

    /// <summary>True when a request whose answer is only "done" or 404 was done.</summary>
    private static async Task<bool> DoneAsync(Task call)
    {
        try
        {
            await call;
            return true;
        }
        catch (QxmApiException e) when (e.Kind == ApiErrorKind.NotFound)
        {
            return false;
        }
    }

    /// <summary>The problem's diagnostics, or one under <paramref name="rule"/> carrying its detail when it has none.</summary>
    private static IReadOnlyList<Diagnostic> DiagnosticsOr(ApiProblem problem, string rule) =>
        problem.Diagnostics.Count > 0 ? problem.Diagnostics : [new Diagnostic(rule, problem.Detail)];

    /// <summary>Server diagnostics name a circuit sent inline as <c>&lt;inline&gt;</c>; the user knows it by its path.</summary>
    private static IReadOnlyList<Diagnostic> Relocated(IReadOnlyList<Diagnostic> diagnostics, ExperimentDefinition experiment) =>
        [.. diagnostics.Select(d => d.File == InlineOrigin ? d with { File = experiment.CircuitOrigin } : d)];
}
