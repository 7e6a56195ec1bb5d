using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Qxm.Backends.Contract;
using Qxm.Circuits.Export;
using Qxm.Circuits.Ir;
using Qxm.Domain.Backends;

namespace Qxm.Backends.Vendors.Ibm;

/// <summary>An IBM Quantum device through the Qiskit Runtime REST API: the API key exchanged for an IAM bearer token
/// (<see cref="IbmToken"/>), the service instance's CRN in <c>Service-CRN</c>, a Sampler V2 job per qxm job (one PUB
/// per circuit, written by <see cref="OpenQasm3Writer"/>), qxm's idempotency key and run id as job tags (IBM has no
/// idempotency header, so <see cref="FindJobAsync"/> filters the job list by the key's tag), the queue position and
/// expected finish from the job's metrics, results turned into counts with the quantum seconds used, and the
/// device's configuration and properties as its Target and calibration. A qxm session opens an IBM session in dedicated
/// mode (<c>POST /sessions</c> with <c>max_ttl</c>), its jobs carry <c>session_id</c>, and closing sets
/// <c>accepting_jobs</c> false, which lets jobs already in it finish.</summary>
internal sealed class IbmBackend : IBackend, ICalibrationSource, ICredentialRefresh, IRemoteBackend, IVendorSessions
{
    /// <summary>IBM's longest session, in seconds (8 h); a longer maximum is asked as this. IBM's limit, not qxm's:
    /// qxm's own longest session (SessionService.LongestMax) is 8 h today as well, but either may change alone.</summary>
    public const int LongestSessionSeconds = 8 * 60 * 60;

    public const string KeyTag = "qxm_key:";
    public const string RunTag = "qxm_run:";

    private readonly RemoteBackendOptions _options;
    private readonly VendorHttp _http;
    private readonly BearerToken _token;
    private readonly Uri _root;
    private readonly Dictionary<string, IReadOnlyList<int>> _clbits = new(StringComparer.Ordinal);
    private readonly FinishedJobs _finished = new();
    /// <summary>How long a read of the device's properties serves: IBM recalibrates its devices hours apart, and every
    /// run binds the calibration in effect, so a busy instance would otherwise fetch the whole document per run.</summary>
    private static readonly TimeSpan PropertiesServe = TimeSpan.FromMinutes(10);

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private (CalibrationSnapshot Snapshot, DateTimeOffset Read)? _calibration;
    private readonly RemoteDeviceInfo _info;

    public IbmBackend(RemoteBackendOptions options, HttpClient client, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(client);
        _options = options;
        var clock = time ?? TimeProvider.System;
        _time = clock;
        _http = new VendorHttp(client, "IBM Quantum", clock);
        var root = (options.Endpoint ?? new Uri(IbmDevices.PublicEndpoint)).ToString();
        _root = new Uri(root.EndsWith('/') ? root : root + "/");
        _token = IbmToken.Create(_http, options.TokenEndpoint ?? new Uri(IbmDevices.IamEndpoint), options.Credential, clock);
        var qubits = IbmDevices.Qubits(options.Device)
            ?? throw new ArgumentException($"IBM has no device '{options.Device}' that qxm knows", nameof(options));
        Prices = options.Pricing ?? IbmDevices.Prices;
        _info = new RemoteDeviceInfo(RemoteDeviceInfo.Remote(options.Id, "ibm", $"IBM Quantum {options.Device}", IbmDevices.Target(qubits, IbmDevices.HeronBasis)));
    }

    /// <summary>The device as qxm knows it: the published basis on every tuple until its configuration has been read
    /// (at the first submit or calibration), then IBM's own coupling map and limits.</summary>
    public BackendInfo Info => _info.Current;

    public string Vendor => RemoteBackendOptions.Ibm;

    public string Device => _options.Device;

    public PriceModel Prices { get; }

    public async Task<string> SubmitAsync(BackendJob job, string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        var target = (await ConfiguredAsync(cancellationToken)).Target;
        if (job.Circuits.Count == 0 || job.Circuits.Count > target.MaxCircuits)
        {
            throw new BackendException(BackendErrorKind.InvalidInput, $"{_options.Id} takes 1 to {target.MaxCircuits} circuits a job, not {job.Circuits.Count}");
        }

        foreach (var circuit in job.Circuits)
        {
            Check(circuit, target);
        }

        var body = new JsonObject
        {
            ["program_id"] = "sampler",
            ["backend"] = _options.Device,
            ["tags"] = new JsonArray(KeyTag + idempotencyKey, RunTag + job.RunId),
            ["params"] = new JsonObject
            {
                ["pubs"] = new JsonArray([.. job.Circuits.Select(c => (JsonNode)new JsonArray(OpenQasm3Writer.Write(c), null, job.Shots))]),
                ["version"] = 2,
                ["options"] = new JsonObject { ["default_shots"] = job.Shots },
            },
        };
        if (job.VendorSession is { } session)
        {
            body["session_id"] = session;
        }

        using var request = await RequestAsync(HttpMethod.Post, "jobs", job.RunId, cancellationToken);
        request.Content = VendorHttp.Json(body.ToJsonString());
        using var answer = VendorHttp.ParseJson(await _http.SendAsync(request, cancellationToken), "IBM's answer to a job");
        var id = answer.RootElement.TryGetProperty("id", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        if (string.IsNullOrEmpty(id))
        {
            throw new BackendException(BackendErrorKind.Transient, "IBM accepted the job without naming it");
        }

        lock (_gate)
        {
            _clbits[id] = [.. job.Circuits.Select(c => c.ClbitCount)];
        }

        return id;
    }

    public async Task<string?> FindJobAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        using var request = await RequestAsync(HttpMethod.Get, "jobs?limit=10&exclude_params=true&tags=" + Uri.EscapeDataString(KeyTag + idempotencyKey), null, cancellationToken);
        using var answer = VendorHttp.ParseJson(await _http.SendAsync(request, cancellationToken), "IBM's job list");
        if (answer.RootElement.TryGetProperty("jobs", out var jobs) && jobs.ValueKind == JsonValueKind.Array)
        {
            foreach (var job in jobs.EnumerateArray())
            {
                // The tag filter is the server's; the check here keeps a server that ignored it from naming another job.
                if (job.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array
                    && tags.EnumerateArray().Any(t => t.GetString() == KeyTag + idempotencyKey))
                {
                    return job.GetProperty("id").GetString();
                }
            }
        }

        return null;
    }

    public async Task<BackendJobState> GetStatusAsync(string jobId, CancellationToken cancellationToken)
    {
        using var job = await GetJobAsync(jobId, cancellationToken);
        var root = job.RootElement;
        var status = root.TryGetProperty("state", out var state) && state.TryGetProperty("status", out var s) ? s.GetString()
            : root.TryGetProperty("status", out var plain) ? plain.GetString() : null;
        var reason = root.TryGetProperty("state", out var st) && st.TryGetProperty("reason", out var r) ? r.GetString() : null;
        switch (status)
        {
            case "Queued":
                var (position, ready) = await MetricsAsync(jobId, cancellationToken);
                return new BackendJobState(BackendJobStatus.Queued, position, ready);
            case "Running":
                return new BackendJobState(BackendJobStatus.Running);
            case "Completed":
                // The result is read next: the finished job (its usage) is kept for it.
                _finished.Keep(jobId, root);
                return new BackendJobState(BackendJobStatus.Completed);
            case "Cancelled" or "Cancelled - Ran too long":
                return new BackendJobState(BackendJobStatus.Cancelled, Message: reason ?? status);
            case "Failed":
                return new BackendJobState(BackendJobStatus.Failed, Message: reason ?? "failed at IBM");
            default:
                throw new BackendException(BackendErrorKind.Transient, $"IBM reports job {jobId} in a state qxm does not know: '{status}'",
                    rawAnswer: JsonSerializer.SerializeToUtf8Bytes(root));
        }
    }

    public async Task<BackendJobResult> GetResultAsync(string jobId, CancellationToken cancellationToken)
    {
        var root = await _finished.KeptOrReadAsync(jobId, GetJobAsync, cancellationToken);

        using var request = await RequestAsync(HttpMethod.Get, $"jobs/{Uri.EscapeDataString(jobId)}/results", null, cancellationToken);
        var answer = await _http.SendAsync(request, cancellationToken);
        using var document = VendorHttp.ParseJson(answer, "IBM's Sampler result");
        IReadOnlyList<int>? clbits;
        lock (_gate)
        {
            clbits = _clbits.GetValueOrDefault(jobId);
        }

        var counts = IbmSamples.Counts(document.RootElement, clbits, answer.Body);
        var provenance = new Dictionary<string, string>(StringComparer.Ordinal) { ["vendor"] = "ibm", ["device"] = _options.Device, ["vendorJobId"] = jobId };
        if (root.TryGetProperty("session_id", out var session) && session.ValueKind == JsonValueKind.String)
        {
            provenance["vendorSession"] = session.GetString()!;
        }

        double seconds = 0;
        if (root.TryGetProperty("usage", out var usage) && usage.TryGetProperty("quantum_seconds", out var quantum) && quantum.TryDouble(out seconds))
        {
            provenance["quantumSeconds"] = seconds.ToString(CultureInfo.InvariantCulture);
            provenance["costUsd"] = ((decimal)seconds * Prices.PerSecond).ToString(CultureInfo.InvariantCulture);
        }

        lock (_gate)
        {
            _clbits.Remove(jobId);
        }

        _finished.Forget(jobId);
        return new BackendJobResult(counts, seconds, provenance) { RawAnswer = answer.Body };
    }

    public async Task CancelAsync(string jobId, CancellationToken cancellationToken)
    {
        using var request = await RequestAsync(HttpMethod.Post, $"jobs/{Uri.EscapeDataString(jobId)}/cancel", null, cancellationToken);
        try
        {
            await _http.SendAsync(request, cancellationToken);
        }
        catch (BackendException e) when (e.Kind == BackendErrorKind.InvalidInput)
        {
            // IBM refuses to cancel a job that has already finished; the job keeps its result, which is what cancel promises.
            if (!(await GetStatusAsync(jobId, cancellationToken)).IsFinished)
            {
                throw;
            }
        }
    }

    public async Task<CalibrationSnapshot> GetCalibrationAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_calibration is { } known && _time.GetUtcNow() - known.Read < PropertiesServe)
            {
                return known.Snapshot;
            }
        }

        var info = await ConfiguredAsync(cancellationToken);
        using var request = await RequestAsync(HttpMethod.Get, $"backends/{Uri.EscapeDataString(_options.Device)}/properties", null, cancellationToken);
        var answer = await _http.SendAsync(request, cancellationToken);
        using var document = VendorHttp.ParseJson(answer, "IBM's backend properties");
        var snapshot = IbmConfiguration.Snapshot(info.Id, document.RootElement, info.Target.Qubits, answer.Body);
        lock (_gate)
        {
            _calibration = (snapshot, _time.GetUtcNow());
        }

        return snapshot;
    }

    public async Task<string> OpenSessionAsync(TimeSpan maxDuration, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["backend"] = _options.Device,
            ["instance"] = _options.Instance,
            ["mode"] = "dedicated",
            ["max_ttl"] = (int)Math.Clamp(Math.Ceiling(maxDuration.TotalSeconds), 1, LongestSessionSeconds),
        };
        using var request = await RequestAsync(HttpMethod.Post, "sessions", null, cancellationToken);
        request.Content = VendorHttp.Json(body.ToJsonString());
        using var answer = VendorHttp.ParseJson(await _http.SendAsync(request, cancellationToken), "IBM's answer to a session");
        return answer.RootElement.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 } named
            ? named
            : throw new BackendException(BackendErrorKind.Transient, "IBM opened a session without naming it");
    }

    public async Task CloseSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        using var request = await RequestAsync(HttpMethod.Patch, $"sessions/{Uri.EscapeDataString(sessionId)}", null, cancellationToken);
        request.Content = VendorHttp.Json("""{"accepting_jobs":false}""");
        // A session IBM no longer knows (it passed its max_ttl and was removed) is as closed as qxm needs it.
        await _http.SendAsync(request, System.Net.HttpStatusCode.NotFound, cancellationToken);
    }

    public Task RefreshCredentialsAsync(CancellationToken cancellationToken)
    {
        _token.Forget();
        return Task.CompletedTask;
    }

    public async Task<RemoteDeviceStatus> GetDeviceStatusAsync(CancellationToken cancellationToken)
    {
        using var request = await RequestAsync(HttpMethod.Get, $"backends/{Uri.EscapeDataString(_options.Device)}/status", null, cancellationToken);
        using var document = VendorHttp.ParseJson(await _http.SendAsync(request, cancellationToken), "IBM's backend status");
        return IbmConfiguration.Status(document.RootElement);
    }

    /// <summary>IBM runs only circuits in the device's instruction set (ISA): native gates on coupled qubits. qxm refuses
    /// others here, with the first offending gate, rather than spend a call on IBM's refusal.</summary>
    private void Check(Circuit circuit, Target target)
    {
        if (circuit.QubitCount > target.Qubits)
        {
            throw new BackendException(BackendErrorKind.InvalidInput, $"the circuit uses {circuit.QubitCount} qubits; {_options.Device} has {target.Qubits}");
        }

        foreach (var gate in OperationTree.Descendants(circuit.Operations).OfType<GateOperation>())
        {
            if (!target.IsAvailable(gate.Name, gate.Qubits))
            {
                throw new BackendException(BackendErrorKind.InvalidInput, string.Create(CultureInfo.InvariantCulture,
                    $"{gate.Name} on qubits ({string.Join(", ", gate.Qubits)}) at line {gate.Span.Line} is not in {_options.Device}'s instruction set; transpile the circuit to its basis {{{string.Join(", ", target.NativeGates ?? [])}}} and coupling map first"));
            }
        }
    }

    private Task<BackendInfo> ConfiguredAsync(CancellationToken cancellationToken) => _info.ConfiguredAsync(async token =>
    {
        using var request = await RequestAsync(HttpMethod.Get, $"backends/{Uri.EscapeDataString(_options.Device)}/configuration", null, token);
        var answer = await _http.SendAsync(request, token);
        using var document = VendorHttp.ParseJson(answer, "IBM's backend configuration");
        return IbmConfiguration.Target(document.RootElement, answer.Body);
    }, cancellationToken);

    /// <summary>The queue position and expected finish from the job's metrics. They only inform the wait, so a metrics
    /// call that fails leaves them unknown rather than failing a status the job document already answered.</summary>
    private async Task<(int? Position, DateTimeOffset? Ready)> MetricsAsync(string jobId, CancellationToken cancellationToken)
    {
        JsonDocument metrics;
        try
        {
            using var request = await RequestAsync(HttpMethod.Get, $"jobs/{Uri.EscapeDataString(jobId)}/metrics", null, cancellationToken);
            metrics = VendorHttp.ParseJson(await _http.SendAsync(request, cancellationToken), "IBM's job metrics");
        }
        catch (BackendException failure) when (failure.Kind is BackendErrorKind.Transient or BackendErrorKind.RateLimited or BackendErrorKind.DeviceUnavailable)
        {
            return (null, null);
        }

        using var owned = metrics;
        var root = metrics.RootElement;
        // IBM answers null for a job it has not ranked yet or that left the queue since the job's read.
        int? position = root.TryGetProperty("position_in_queue", out var p) && p.TryInt32(out var at) ? at : null;
        DateTimeOffset? ready = root.TryGetProperty("estimated_completion_time", out var e) && e.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(e.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var end) ? end : null;
        return (position, ready);
    }

    private async Task<JsonDocument> GetJobAsync(string jobId, CancellationToken cancellationToken)
    {
        using var request = await RequestAsync(HttpMethod.Get, $"jobs/{Uri.EscapeDataString(jobId)}?exclude_params=true", null, cancellationToken);
        return VendorHttp.ParseJson(await _http.SendAsync(request, cancellationToken), "IBM's job");
    }

    private async Task<HttpRequestMessage> RequestAsync(HttpMethod method, string path, string? runId, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(method, new Uri(_root, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await _token.GetAsync(cancellationToken));
        request.Headers.Add("Service-CRN", _options.Instance ?? throw new BackendException(BackendErrorKind.Fatal, $"{_options.Id} names no IBM service instance (instance: CRN)"));
        request.Headers.Add("IBM-API-Version", IbmDevices.ApiVersion);
        request.Headers.Accept.ParseAdd(VendorHttp.JsonType);
        if (runId is not null)
        {
            request.Headers.Add(VendorHttp.RunIdHeader, runId);
        }

        return request;
    }
}
