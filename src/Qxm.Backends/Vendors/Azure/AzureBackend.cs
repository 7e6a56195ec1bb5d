using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Qxm.Backends.Contract;
using Qxm.Backends.Vendors.IonQ;
using Qxm.Circuits.Ir;
using Qxm.Domain.Backends;

namespace Qxm.Backends.Vendors.Azure;

/// <summary>A provider target of an Azure Quantum workspace through the workspace's REST API: a bearer token from
/// Microsoft Entra ID (<see cref="EntraToken"/>) or the workspace's API key, each circuit's program uploaded to the
/// workspace's storage through the SAS URI the service hands out, then one Azure job per circuit created by
/// <c>PUT jobs/{id}</c>. Job ids derive from qxm's idempotency key, so a retried create names the same job and
/// <see cref="FindJobAsync"/> is one GET; the circuits' jobs are created last to first, so the first one existing means
/// all do. IonQ targets take <c>ionq.circuit.v1</c> (<see cref="IonQCircuitWriter"/>), Quantinuum targets OpenQASM 2
/// (<see cref="QuantinuumQasmWriter"/>); outputs are read from the job's output blob and turned into counts.</summary>
internal sealed class AzureBackend : IBackend, ICredentialRefresh, IRemoteBackend
{
    public const string ApiVersion = "2022-09-12-preview";
    public const string ApiKeyHeader = "x-ms-quantum-api-key";
    public const string Container = "qxm-jobs";
    public const string KeyField = "qxm_key";
    public const string RunField = "qxm_run";
    public const string CircuitsField = "qxm_circuits";
    public const string MeasureField = "qxm_measure";
    public const string ClbitsField = "qxm_clbits";

    /// <summary>How long before its expiry (<c>se</c>) a storage SAS address is no longer used: an upload started with it
    /// must not outlive it.</summary>
    private static readonly TimeSpan SasMargin = TimeSpan.FromMinutes(5);

    /// <summary>Pages of provider status read for a listing; a workspace has a handful of providers.</summary>
    private const int MaxStatusPages = 5;

    private readonly RemoteBackendOptions _options;
    private readonly AzureTarget _target;
    private readonly VendorHttp _http;
    private readonly BearerToken? _token;
    private readonly Uri _workspace;
    private readonly FinishedJobs _finished = new();
    private readonly Lock _gate = new();
    private string? _apiKey;
    private bool _containerMade;
    private (Uri Sas, DateTimeOffset Until)? _container;
    private readonly TimeProvider _time;

    public AzureBackend(RemoteBackendOptions options, HttpClient client, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(client);
        _options = options;
        var clock = time ?? TimeProvider.System;
        _time = clock;
        _target = AzureTarget.Of(options.Device)
            ?? throw new ArgumentException($"Azure Quantum has no target '{options.Device}' that qxm knows", nameof(options));
        _http = new VendorHttp(client, "Azure Quantum", clock);
        var endpoint = options.Endpoint ?? throw new ArgumentException($"{options.Id} names no Azure Quantum endpoint (url: https://<region>.quantum.azure.com)", nameof(options));
        var instance = options.Instance ?? throw new ArgumentException($"{options.Id} names no workspace (instance: its resource id)", nameof(options));
        _workspace = new Uri(endpoint, instance.Trim('/') + "/");
        if (options.ClientId is { } clientId)
        {
            var tokenEndpoint = options.TokenEndpoint
                ?? new Uri($"https://login.microsoftonline.com/{Uri.EscapeDataString(options.Directory ?? throw new ArgumentException($"{options.Id} names a client id but no directory (Entra tenant)", nameof(options)))}/oauth2/v2.0/token");
            _token = EntraToken.Create(_http, tokenEndpoint, clientId, options.Credential, clock);
        }

        Prices = options.Pricing ?? _target.Prices;
        Info = RemoteDeviceInfo.Remote(options.Id, "azure", $"Azure Quantum {options.Device}", _target.Target());
    }

    public BackendInfo Info { get; }

    public string Vendor => RemoteBackendOptions.Azure;

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

        // Every program is written before any call, so a circuit the target cannot run costs nothing at Azure.
        var programs = job.Circuits.Select(Program).ToList();
        var first = AzureJobId.Of(idempotencyKey);
        for (var i = job.Circuits.Count - 1; i >= 0; i--)
        {
            var metadata = new JsonObject { [KeyField] = idempotencyKey, [RunField] = job.RunId };
            if (i == 0)
            {
                metadata[CircuitsField] = job.Circuits.Count.ToString(CultureInfo.InvariantCulture);
            }

            if (_target.Provider == AzureTarget.IonQProvider)
            {
                metadata[MeasureField] = MeasurementMap.Of(job.Circuits[i]).Encode();
            }
            else
            {
                metadata[ClbitsField] = job.Circuits[i].ClbitCount.ToString(CultureInfo.InvariantCulture);
            }

            await CreateAsync(AzureJobId.Child(first, i), programs[i], job, i, idempotencyKey, metadata, cancellationToken);
        }

        return AzureJobId.Compose(first, job.Circuits.Count);
    }

    public async Task<string?> FindJobAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        var first = AzureJobId.Of(idempotencyKey);
        using var document = await TryGetJobAsync(first, cancellationToken);
        if (document is null || AzureJobDocument.Metadata(document.RootElement, KeyField) != idempotencyKey)
        {
            return null;
        }

        var circuits = int.TryParse(AzureJobDocument.Metadata(document.RootElement, CircuitsField), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 1;
        return AzureJobId.Compose(first, circuits);
    }

    public async Task<BackendJobState> GetStatusAsync(string jobId, CancellationToken cancellationToken)
    {
        var ids = AzureJobId.Parse(jobId);
        var states = new List<BackendJobState>();
        foreach (var id in ids)
        {
            using var document = await GetJobAsync(id, cancellationToken);
            var state = AzureJobDocument.State(id, document.RootElement);
            if (state.Status == BackendJobStatus.Completed)
            {
                // Its result is read next: the finished job (its output address) is kept for it.
                _finished.Keep(id, document.RootElement);
            }

            if (state.Status is BackendJobStatus.Failed or BackendJobStatus.Cancelled)
            {
                return state;
            }

            states.Add(state);
        }

        return states.All(s => s.Status == BackendJobStatus.Completed) ? new BackendJobState(BackendJobStatus.Completed)
            : states.Any(s => s.Status == BackendJobStatus.Running) ? new BackendJobState(BackendJobStatus.Running)
            : new BackendJobState(BackendJobStatus.Queued);
    }

    public async Task<BackendJobResult> GetResultAsync(string jobId, CancellationToken cancellationToken)
    {
        var ids = AzureJobId.Parse(jobId);
        var counts = new List<IReadOnlyDictionary<string, long>>();
        var raw = new List<byte>();
        decimal? cost = null;
        double seconds = 0;
        foreach (var id in ids)
        {
            var job = await SucceededAsync(id, cancellationToken);
            var output = job.TryGetProperty("outputDataUri", out var o) && o.ValueKind == JsonValueKind.String && Uri.TryCreate(o.GetString(), UriKind.Absolute, out var uri)
                ? uri
                : throw new BackendException(BackendErrorKind.Fatal, $"Azure job {id} succeeded without an output address", rawAnswer: JsonSerializer.SerializeToUtf8Bytes(job));
            var answer = await OutputAsync(id, output, cancellationToken);
            raw.AddRange(answer.Body);
            counts.Add(_target.Provider == AzureTarget.IonQProvider ? AzureJobDocument.IonQCounts(id, job, answer.Body) : AzureJobDocument.QuantinuumCounts(id, job, answer.Body));
            if (AzureJobDocument.Cost(job) is { } usd)
            {
                cost = (cost ?? 0) + usd;
            }

            seconds += AzureJobDocument.Duration(job);
        }

        var provenance = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["vendor"] = "azure", ["device"] = _options.Device, ["vendorJobId"] = string.Join(",", ids),
        };
        if (cost is { } total)
        {
            provenance["costUsd"] = total.ToString(CultureInfo.InvariantCulture);
        }

        foreach (var id in ids)
        {
            _finished.Forget(id);
        }

        return new BackendJobResult(counts, seconds, provenance) { RawAnswer = raw.ToArray() };
    }

    public async Task CancelAsync(string jobId, CancellationToken cancellationToken)
    {
        foreach (var id in AzureJobId.Parse(jobId))
        {
            using var request = await RequestAsync(HttpMethod.Delete, $"jobs/{id}", null, cancellationToken);
            try
            {
                await _http.SendAsync(request, cancellationToken);
            }
            catch (BackendException e) when (e.Kind == BackendErrorKind.InvalidInput)
            {
                // Azure refuses to cancel a job that has finished; it keeps its output, which is what cancel promises.
                using var document = await GetJobAsync(id, cancellationToken);
                if (!AzureJobDocument.State(id, document.RootElement).IsFinished)
                {
                    throw;
                }
            }
        }
    }

    public Task RefreshCredentialsAsync(CancellationToken cancellationToken)
    {
        _token?.Forget();
        Forget();
        return Task.CompletedTask;
    }

    public async Task<RemoteDeviceStatus> GetDeviceStatusAsync(CancellationToken cancellationToken)
    {
        var path = $"providerStatus?api-version={ApiVersion}";
        for (var page = 0; page < MaxStatusPages; page++)
        {
            using var request = await RequestAsync(HttpMethod.Get, path, null, cancellationToken);
            using var document = VendorHttp.ParseJson(await _http.SendAsync(request, cancellationToken), "Azure Quantum's provider status");
            var root = document.RootElement;
            if (root.TryGetProperty("value", out var providers) && providers.ValueKind == JsonValueKind.Array)
            {
                foreach (var provider in providers.EnumerateArray())
                {
                    if (!string.Equals(provider.TryGetProperty("id", out var pid) ? pid.GetString() : null, _target.Provider, StringComparison.OrdinalIgnoreCase)
                        || !provider.TryGetProperty("targets", out var targets) || targets.ValueKind != JsonValueKind.Array)
                    {
                        continue;
                    }

                    foreach (var target in targets.EnumerateArray().Where(t => t.TryGetProperty("id", out var tid) && tid.GetString() == _options.Device))
                    {
                        var availability = target.TryGetProperty("currentAvailability", out var a) ? a.GetString() ?? "unknown" : "unknown";
                        TimeSpan? wait = target.TryGetProperty("averageQueueTime", out var q) && q.TryInt64(out var s) ? TimeSpan.FromSeconds(s) : null;
                        return new RemoteDeviceStatus(availability.ToLowerInvariant(), availability is "Available" or "Degraded", AverageQueueTime: wait);
                    }
                }
            }

            // The next page's address is absolute. It is followed only within this workspace: the request carries the
            // workspace's credentials, which no other address may see.
            var next = root.TryGetProperty("nextLink", out var link) && link.ValueKind == JsonValueKind.String ? link.GetString() : null;
            var workspace = _workspace.ToString();
            if (string.IsNullOrEmpty(next) || !next.StartsWith(workspace, StringComparison.Ordinal))
            {
                break;
            }

            path = next[workspace.Length..];
        }

        return new RemoteDeviceStatus("not in this workspace", false);
    }

    private string Program(Circuit circuit)
    {
        if (circuit.QubitCount > Info.Target.Qubits)
        {
            throw new BackendException(BackendErrorKind.InvalidInput, $"the circuit uses {circuit.QubitCount} qubits; {_options.Device} has {Info.Target.Qubits}");
        }

        if (_target.Provider == AzureTarget.QuantinuumProvider)
        {
            return QuantinuumQasmWriter.Write(circuit);
        }

        var gateSet = IonQCircuitWriter.GateSetOf(circuit);
        return new JsonObject
        {
            ["qubits"] = Math.Max(1, circuit.QubitCount),
            ["gateset"] = gateSet,
            ["circuit"] = IonQCircuitWriter.Write(circuit, gateSet),
        }.ToJsonString();
    }

    /// <summary>One circuit's job: its program uploaded to the workspace's storage, then the job created under its id. A
    /// create that finds the job already made (an earlier answer lost) is done, if the job is this key's.</summary>
    private async Task CreateAsync(string id, string program, BackendJob job, int index, string key, JsonObject metadata, CancellationToken cancellationToken)
    {
        var container = await ContainerAsync(job.RunId, cancellationToken);
        var input = AzureJobId.Blob(container, $"{id}/inputData");
        using (var upload = new HttpRequestMessage(HttpMethod.Put, input))
        {
            upload.Headers.Add("x-ms-blob-type", "BlockBlob");
            // Storage logs the client's request id: the run's id, so the upload is traceable to the run as the job is.
            upload.Headers.Add("x-ms-client-request-id", job.RunId);
            upload.Headers.Add("x-ms-version", AzureJobId.StorageVersion);
            upload.Content = new StringContent(program, System.Text.Encoding.UTF8, _target.Provider == AzureTarget.IonQProvider ? VendorHttp.JsonType : "application/qasm");
            try
            {
                await _http.SendAsync(upload, cancellationToken);
            }
            catch (BackendException e) when (e.Kind == BackendErrorKind.Fatal)
            {
                // Storage refuses a SAS address that expired or was revoked with 403: ask the workspace for a new one.
                Forget();
                throw new BackendException(BackendErrorKind.AuthExpired, "Azure storage refused the SAS address: " + e.Message, rawAnswer: e.RawAnswer);
            }
        }

        var body = new JsonObject
        {
            ["id"] = id,
            ["name"] = string.Create(CultureInfo.InvariantCulture, $"qxm {job.RunId} {index}"),
            ["providerId"] = _target.Provider,
            ["target"] = _options.Device,
            ["itemType"] = "Job",
            ["containerUri"] = container.ToString(),
            ["inputDataUri"] = input.ToString(),
            ["inputDataFormat"] = _target.InputFormat,
            ["outputDataFormat"] = _target.OutputFormat,
            ["outputDataUri"] = AzureJobId.Blob(container, $"{id}/rawOutputData").ToString(),
            ["inputParams"] = _target.Provider == AzureTarget.IonQProvider ? new JsonObject { ["shots"] = job.Shots } : new JsonObject { ["count"] = job.Shots },
            ["metadata"] = metadata,
        };
        using var create = await RequestAsync(HttpMethod.Put, $"jobs/{id}", job.RunId, cancellationToken);
        create.Content = VendorHttp.Json(body.ToJsonString());
        if (await _http.SendAsync(create, HttpStatusCode.Conflict, cancellationToken) is null)
        {
            using var existing = await TryGetJobAsync(id, cancellationToken);
            if (existing is null || AzureJobDocument.Metadata(existing.RootElement, KeyField) != key)
            {
                throw new BackendException(BackendErrorKind.Fatal, $"Azure job {id} exists but was not made under qxm's key {key}");
            }
        }
    }

    /// <summary>The container's SAS address from the workspace (<c>storage/sasUri</c>), the container made once per
    /// process (Azure answers 409 when it exists).</summary>
    private async Task<Uri> ContainerAsync(string? runId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_container is { } known && _time.GetUtcNow() < known.Until - SasMargin)
            {
                return known.Sas;
            }
        }

        using var ask = await RequestAsync(HttpMethod.Post, $"storage/sasUri?api-version={ApiVersion}", runId, cancellationToken);
        ask.Content = VendorHttp.Json(new JsonObject { ["containerName"] = Container }.ToJsonString());
        using var answer = VendorHttp.ParseJson(await _http.SendAsync(ask, cancellationToken), "Azure Quantum's storage address");
        var sas = answer.RootElement.TryGetProperty("sasUri", out var s) && s.ValueKind == JsonValueKind.String && Uri.TryCreate(s.GetString(), UriKind.Absolute, out var uri)
            ? uri
            : throw new BackendException(BackendErrorKind.Transient, "Azure Quantum answered without a storage sasUri");
        bool made;
        lock (_gate)
        {
            made = _containerMade;
        }

        if (!made)
        {
            using var create = new HttpRequestMessage(HttpMethod.Put, AzureJobId.WithQuery(sas, "restype=container"));
            create.Headers.Add("x-ms-version", AzureJobId.StorageVersion);
            await _http.SendAsync(create, HttpStatusCode.Conflict, cancellationToken);
        }

        lock (_gate)
        {
            _containerMade = true;
            // Kept until shortly before its expiry, so each further circuit costs two calls (blob, job), not three. Only
            // once the container exists: a concurrent submission given the address earlier put its blob into nothing (404).
            _container = AzureJobId.Expiry(sas) is { } until ? (sas, until) : null;
        }

        return sas;
    }

    /// <summary>The job's output blob. The address the job names carries the SAS it was created with, which may have
    /// expired while the job queued: storage then answers 403, and the blob is read under a fresh SAS of the container.</summary>
    private async Task<VendorAnswer> OutputAsync(string id, Uri output, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, output);
            request.Headers.Add("x-ms-version", AzureJobId.StorageVersion);
            return await _http.SendAsync(request, cancellationToken);
        }
        catch (BackendException e) when (e.Kind == BackendErrorKind.Fatal)
        {
            Forget();
            var container = await ContainerAsync(null, cancellationToken);
            using var again = new HttpRequestMessage(HttpMethod.Get, AzureJobId.Blob(container, $"{id}/rawOutputData"));
            again.Headers.Add("x-ms-version", AzureJobId.StorageVersion);
            return await _http.SendAsync(again, cancellationToken);
        }
    }

    private async Task<JsonElement> SucceededAsync(string id, CancellationToken cancellationToken)
    {
        var job = await _finished.KeptOrReadAsync(id, GetJobAsync, cancellationToken);
        var state = AzureJobDocument.State(id, job);
        return state.Status == BackendJobStatus.Completed
            ? job
            : throw new BackendException(BackendErrorKind.InvalidInput, $"Azure job {id} has no output: it is {state.Status}");
    }

    private async Task<JsonDocument> GetJobAsync(string id, CancellationToken cancellationToken)
    {
        using var request = await RequestAsync(HttpMethod.Get, $"jobs/{id}?api-version={ApiVersion}", null, cancellationToken);
        return VendorHttp.ParseJson(await _http.SendAsync(request, cancellationToken), "Azure Quantum's job");
    }

    private async Task<JsonDocument?> TryGetJobAsync(string id, CancellationToken cancellationToken)
    {
        using var request = await RequestAsync(HttpMethod.Get, $"jobs/{id}?api-version={ApiVersion}", null, cancellationToken);
        var answer = await _http.SendAsync(request, HttpStatusCode.NotFound, cancellationToken);
        return answer is null ? null : VendorHttp.ParseJson(answer, "Azure Quantum's job");
    }

    private async Task<HttpRequestMessage> RequestAsync(HttpMethod method, string path, string? runId, CancellationToken cancellationToken)
    {
        if (method == HttpMethod.Put || method == HttpMethod.Delete)
        {
            path += $"?api-version={ApiVersion}";
        }

        var request = new HttpRequestMessage(method, new Uri(_workspace, path));
        if (_token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await _token.GetAsync(cancellationToken));
        }
        else
        {
            request.Headers.Add(ApiKeyHeader, ApiKey());
        }

        request.Headers.Accept.ParseAdd(VendorHttp.JsonType);
        if (runId is not null)
        {
            request.Headers.Add(VendorHttp.RunIdHeader, runId);
        }

        return request;
    }

    private void Forget()
    {
        lock (_gate)
        {
            _apiKey = null;
            _container = null;
        }
    }

    private string ApiKey()
    {
        lock (_gate)
        {
            return _apiKey ??= _options.Credential.Read();
        }
    }
}
