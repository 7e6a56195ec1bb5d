using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Qxm.Backends.Contract;
using Qxm.Circuits.Ir;
using Qxm.Domain.Backends;

namespace Qxm.Backends.Vendors.IonQ;

/// <summary>An IonQ device through IonQ's Quantum Cloud API v0.4: a job per qxm job (<c>ionq.circuit.v1</c>, or
/// <c>ionq.multi-circuit.v1</c> for several circuits), <c>Authorization: apiKey</c>, qxm's run id and idempotency key in
/// the job's metadata (IonQ has no idempotency header, so <see cref="FindJobAsync"/> pages through the account's
/// jobs for the key), results from the probabilities endpoint turned into counts, and for a QPU the latest
/// characterization as its calibration (<see cref="CalibratedBackend"/> makes a QPU a calibration source; the simulator has none).</summary>
internal sealed class IonQBackend : IBackend, ICredentialRefresh, IRemoteBackend
{
    /// <summary>Metadata keys on every job qxm submits.</summary>
    public const string KeyField = "qxm_key";
    public const string RunField = "qxm_run";

    /// <summary>Pages of the job list searched for a key: recent jobs come first, and a lost answer is looked up within
    /// seconds to hours of its submit, so a key further back than this many jobs is not there.</summary>
    private const int MaxPages = 20;

    private readonly RemoteBackendOptions _options;
    private readonly VendorHttp _http;
    private readonly Uri _root;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, IonQSubmitted> _submitted = new(StringComparer.Ordinal);
    private readonly FinishedJobs _finished = new();
    private readonly Lock _gate = new();
    private string? _apiKey;

    public IonQBackend(RemoteBackendOptions options, HttpClient client, TimeProvider? time = null, Target? target = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(client);
        _options = options;
        _time = time ?? TimeProvider.System;
        _http = new VendorHttp(client, "IonQ", _time);
        var root = (options.Endpoint ?? new Uri(IonQDevices.PublicEndpoint)).ToString();
        _root = new Uri(root.EndsWith('/') ? root : root + "/");
        var qubits = IonQDevices.Qubits(options.Device) ?? target?.Qubits
            ?? throw new ArgumentException($"IonQ has no device '{options.Device}' that qxm knows; give its qubits", nameof(options));
        Prices = options.Pricing ?? IonQDevices.Prices(options.Device);
        Info = RemoteDeviceInfo.Remote(options.Id, "ionq", $"IonQ {options.Device}", target ?? IonQDevices.Target(qubits));
    }

    public BackendInfo Info { get; }

    public string Vendor => RemoteBackendOptions.IonQ;

    public string Device => _options.Device;

    public PriceModel Prices { get; }

    public async Task<string> SubmitAsync(BackendJob job, string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        if (job.Circuits.Count == 0 || job.Circuits.Count > Info.Target.MaxCircuits)
        {
            throw new BackendException(BackendErrorKind.InvalidInput, $"{Info.Id} takes 1 to {Info.Target.MaxCircuits} circuits a job, not {job.Circuits.Count}");
        }

        var submitted = new IonQSubmitted([.. job.Circuits.Select(MeasurementMap.Of)], job.Shots);
        var body = Body(job, idempotencyKey, submitted);
        using var request = Request(HttpMethod.Post, "jobs", job.RunId);
        request.Content = VendorHttp.Json(body.ToJsonString());
        using var answer = VendorHttp.ParseJson(await _http.SendAsync(request, cancellationToken), "IonQ's answer to a job");
        var id = answer.RootElement.TryGetProperty("id", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        if (string.IsNullOrEmpty(id))
        {
            throw new BackendException(BackendErrorKind.Transient, "IonQ accepted the job without naming it");
        }

        lock (_gate)
        {
            _submitted[id] = submitted;
        }

        return id;
    }

    public async Task<string?> FindJobAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        string? next = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var path = "jobs?limit=100" + (next is null ? "" : "&next=" + Uri.EscapeDataString(next));
            using var request = Request(HttpMethod.Get, path, null);
            using var answer = VendorHttp.ParseJson(await _http.SendAsync(request, cancellationToken), "IonQ's job list");
            var root = answer.RootElement;
            if (root.TryGetProperty("jobs", out var jobs) && jobs.ValueKind == JsonValueKind.Array)
            {
                foreach (var job in jobs.EnumerateArray())
                {
                    if (job.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
                        && metadata.TryGetProperty(KeyField, out var key) && key.GetString() == idempotencyKey)
                    {
                        return job.GetProperty("id").GetString();
                    }
                }
            }

            next = root.TryGetProperty("next", out var cursor) && cursor.ValueKind == JsonValueKind.String ? cursor.GetString() : null;
            if (string.IsNullOrEmpty(next))
            {
                return null;
            }
        }

        return null;
    }

    public async Task<BackendJobState> GetStatusAsync(string jobId, CancellationToken cancellationToken)
    {
        using var job = await GetJobAsync(jobId, cancellationToken);
        var root = job.RootElement;
        var status = root.TryGetProperty("status", out var s) ? s.GetString() : null;
        if (status == "completed")
        {
            _finished.Keep(jobId, root);
        }

        return status switch
        {
            "ready" or "submitted" => new BackendJobState(BackendJobStatus.Queued, EstimatedReadyAt: PredictedEnd(root)),
            "running" => new BackendJobState(BackendJobStatus.Running, EstimatedReadyAt: PredictedEnd(root)),
            "completed" => new BackendJobState(BackendJobStatus.Completed),
            "canceled" => new BackendJobState(BackendJobStatus.Cancelled, Message: "cancelled at IonQ"),
            "failed" => new BackendJobState(BackendJobStatus.Failed, Message: Failure(root)),
            _ => throw new BackendException(BackendErrorKind.Transient, $"IonQ reports job {jobId} in a state qxm does not know: '{status}'",
                rawAnswer: JsonSerializer.SerializeToUtf8Bytes(root)),
        };
    }

    public async Task<BackendJobResult> GetResultAsync(string jobId, CancellationToken cancellationToken)
    {
        var root = await _finished.KeptOrReadAsync(jobId, GetJobAsync, cancellationToken);

        var status = root.TryGetProperty("status", out var s) ? s.GetString() : null;
        if (status != "completed")
        {
            throw new BackendException(BackendErrorKind.InvalidInput, $"IonQ job {jobId} has no result: it is {status}");
        }

        var submitted = Submitted(jobId, root);
        using var request = Request(HttpMethod.Get, ResultPath(jobId, root), null);
        var answer = await _http.SendAsync(request, cancellationToken);
        using var document = VendorHttp.ParseJson(answer, "IonQ's probabilities");
        var children = root.TryGetProperty("child_job_ids", out var ids) && ids.ValueKind == JsonValueKind.Array
            ? ids.EnumerateArray().Select(i => i.GetString()!).ToList()
            : null;
        var counts = new List<IReadOnlyDictionary<string, long>>();
        for (var i = 0; i < submitted.Maps.Count; i++)
        {
            var distribution = children is null
                ? document.RootElement
                : document.RootElement.TryGetProperty(children.ElementAtOrDefault(i) ?? "", out var child) ? child
                : throw new BackendException(BackendErrorKind.Fatal, $"IonQ's result for job {jobId} has no distribution for circuit {i}", rawAnswer: answer.Body);
            counts.Add(submitted.Maps[i].CountsFromProbabilities(Probabilities(distribution, answer.Body), submitted.Shots, answer.Body));
        }

        var seconds = root.TryGetProperty("execution_time", out var ms) && ms.TryDouble(out var value) ? value / 1000 : 0;
        var provenance = new Dictionary<string, string>(StringComparer.Ordinal) { ["vendor"] = "ionq", ["device"] = _options.Device, ["vendorJobId"] = jobId };
        if (Cost(root) is { } cost)
        {
            provenance["costUsd"] = cost.ToString(CultureInfo.InvariantCulture);
        }

        lock (_gate)
        {
            // Read once; a second read (a retried ingest) asks IonQ again and decodes the map from the job's metadata.
            _submitted.Remove(jobId);
        }

        _finished.Forget(jobId);
        return new BackendJobResult(counts, seconds, provenance) { RawAnswer = answer.Body };
    }

    public async Task CancelAsync(string jobId, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Put, $"jobs/{Uri.EscapeDataString(jobId)}/status/cancel", null);
        await _http.SendAsync(request, cancellationToken);
    }

    public async Task<CalibrationSnapshot> GetCalibrationAsync(CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, $"backends/{Uri.EscapeDataString(_options.Device)}/characterizations?limit=1", null);
        var answer = await _http.SendAsync(request, cancellationToken);
        using var document = VendorHttp.ParseJson(answer, "IonQ's characterization");
        var root = document.RootElement;
        var latest = root.TryGetProperty("characterizations", out var list) && list.ValueKind == JsonValueKind.Array && list.GetArrayLength() > 0 ? list[0] : root;
        return IonQCharacterization.Snapshot(Info.Id, latest, Info.Target.Qubits, answer.Body);
    }

    public Task RefreshCredentialsAsync(CancellationToken cancellationToken)
    {
        // API keys do not expire by themselves; a 401 means the key was revoked or rotated: read it again.
        lock (_gate)
        {
            _apiKey = null;
        }

        return Task.CompletedTask;
    }

    public async Task<RemoteDeviceStatus> GetDeviceStatusAsync(CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, $"backends/{Uri.EscapeDataString(_options.Device)}", null);
        using var document = VendorHttp.ParseJson(await _http.SendAsync(request, cancellationToken), "IonQ's backend");
        return IonQCharacterization.Status(document.RootElement);
    }

    private JsonObject Body(BackendJob job, string idempotencyKey, IonQSubmitted submitted)
    {
        var gateSets = job.Circuits.Select(IonQCircuitWriter.GateSetOf).Distinct(StringComparer.Ordinal).ToList();
        if (gateSets.Count > 1)
        {
            throw new BackendException(BackendErrorKind.InvalidInput, "IonQ runs one gate set per job: the circuits mix native and qis gates");
        }

        var gateSet = gateSets[0];
        var qubits = Math.Max(1, job.Circuits.Max(c => c.QubitCount));
        var input = new JsonObject { ["qubits"] = qubits, ["gateset"] = gateSet };
        if (job.Circuits.Count == 1)
        {
            input["circuit"] = IonQCircuitWriter.Write(job.Circuits[0], gateSet);
        }
        else
        {
            input["circuits"] = new JsonArray([.. job.Circuits.Select((c, i) => (JsonNode)new JsonObject
            {
                ["name"] = string.Create(CultureInfo.InvariantCulture, $"{job.RunId}-{i}"),
                ["qubits"] = Math.Max(1, c.QubitCount),
                ["circuit"] = IonQCircuitWriter.Write(c, gateSet),
            })]);
        }

        var metadata = new JsonObject { [KeyField] = idempotencyKey, [RunField] = job.RunId };
        if (submitted.Encode() is { Length: <= IonQSubmitted.MaxMetadataValue } maps)
        {
            metadata[IonQSubmitted.MapsField] = maps;
        }

        return new JsonObject
        {
            ["type"] = job.Circuits.Count == 1 ? "ionq.circuit.v1" : "ionq.multi-circuit.v1",
            ["name"] = "qxm " + job.RunId,
            ["backend"] = _options.Device,
            ["shots"] = job.Shots,
            ["metadata"] = metadata,
            ["input"] = input,
        };
    }

    /// <summary>What qxm needs to turn a job's distribution into counts: known from the submit in this process, or read
    /// back from the job's own input after a restart (from the job's metadata).</summary>
    private IonQSubmitted Submitted(string jobId, JsonElement job)
    {
        lock (_gate)
        {
            if (_submitted.TryGetValue(jobId, out var known))
            {
                return known;
            }
        }

        return IonQSubmitted.FromJob(jobId, job);
    }

    private async Task<JsonDocument> GetJobAsync(string jobId, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, $"jobs/{Uri.EscapeDataString(jobId)}", null);
        return VendorHttp.ParseJson(await _http.SendAsync(request, cancellationToken), "IonQ's job");
    }

    private HttpRequestMessage Request(HttpMethod method, string path, string? runId)
    {
        var request = new HttpRequestMessage(method, new Uri(_root, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("apiKey", ApiKey());
        if (runId is not null)
        {
            request.Headers.Add(VendorHttp.RunIdHeader, runId);
        }

        return request;
    }

    private string ApiKey()
    {
        lock (_gate)
        {
            return _apiKey ??= _options.Credential.Read();
        }
    }

    private static string ResultPath(string jobId, JsonElement job)
    {
        if (job.TryGetProperty("results", out var results) && results.ValueKind == JsonValueKind.Object
            && results.TryGetProperty("probabilities", out var p) && p.ValueKind == JsonValueKind.Object
            && p.TryGetProperty("url", out var url) && url.GetString() is { Length: > 0 } link)
        {
            // The link is absolute from the host (/v0.4/jobs/...): keep only what follows the API root.
            var at = link.IndexOf("/jobs/", StringComparison.Ordinal);
            return at >= 0 ? link[(at + 1)..] : link.TrimStart('/');
        }

        return $"jobs/{Uri.EscapeDataString(jobId)}/results/probabilities";
    }

    private static Dictionary<string, double> Probabilities(JsonElement distribution, ReadOnlyMemory<byte> raw)
    {
        if (distribution.ValueKind != JsonValueKind.Object)
        {
            throw new BackendException(BackendErrorKind.Fatal, "IonQ's distribution is not an object of state: probability", rawAnswer: raw);
        }

        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var entry in distribution.EnumerateObject())
        {
            result[entry.Name] = entry.Value.TryDouble(out var p) ? p : double.NaN;
        }

        return result;
    }

    private static DateTimeOffset? PredictedEnd(JsonElement job) =>
        job.TryGetProperty("predicted_execution_end", out var end) && end.TryInt64(out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    private static string Failure(JsonElement job) =>
        job.TryGetProperty("failure", out var failure) && failure.ValueKind == JsonValueKind.Object
            ? $"{(failure.TryGetProperty("code", out var code) ? code.GetString() : "failed")}: {(failure.TryGetProperty("error", out var error) ? error.GetString() : "")}"
            : "failed at IonQ";

    private static decimal? Cost(JsonElement job) =>
        job.TryGetProperty("cost_usd", out var cost) && cost.TryDecimal(out var usd) ? usd : null;
}
