using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Qxm.Backends.Contract;
using Qxm.Circuits.Ir;
using Qxm.Domain.Backends;

namespace Qxm.Backends.Vendors.Braket;

/// <summary>An Amazon Braket device through Braket's REST API, every call signed with AWS Signature Version 4
/// (<see cref="SigV4"/>): one quantum task per circuit (<c>CreateQuantumTask</c> with an OpenQASM 3 action, the shots,
/// the output bucket and prefix, and a <c>clientToken</c> derived from qxm's idempotency key, so a create retried after
/// a lost answer makes no second task), qxm's key and run id as task tags (<see cref="FindJobAsync"/> searches the
/// device's tasks for the key), the task's status and queue position, cancel, results read from the task's
/// <c>results.json</c> in S3, and the device's capabilities and calibration from <c>GetDevice</c>.</summary>
internal sealed class BraketBackend : IBackend, ICredentialRefresh, IRemoteBackend
{
    public const string KeyTag = "qxm_key";
    public const string CircuitTag = "qxm_circuit";
    public const string RunTag = "qxm_run";

    /// <summary>Pages of the device's tasks a lookup by key reads at most (100 tasks a page), newest first.</summary>
    private const int SearchPages = 20;

    /// <summary>How long a read of the device serves: Braket updates a device's calibration hours apart, and every run
    /// binds the calibration in effect.</summary>
    private static readonly TimeSpan DeviceServe = TimeSpan.FromMinutes(10);

    /// <summary>AWS checks a signature's time against its own clock (15 minutes either way), so requests are signed with
    /// the wall clock even where the backend runs on a test's virtual one.</summary>
    private static readonly TimeProvider SigningClock = TimeProvider.System;

    private readonly RemoteBackendOptions _options;
    private readonly VendorHttp _http;
    private readonly TimeProvider _time;
    private readonly Uri _root;
    private readonly Uri? _storage;
    private readonly string _region;
    private readonly string _bucket;
    private readonly string _prefix;
    private readonly BraketDevice? _known;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string Bucket, string Directory)> _outputs = new(StringComparer.Ordinal);
    private (byte[] Raw, DateTimeOffset Read)? _device;
    private readonly RemoteDeviceInfo _info;

    public BraketBackend(RemoteBackendOptions options, HttpClient client, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(client);
        _options = options;
        _time = time ?? TimeProvider.System;
        _http = new VendorHttp(client, "Amazon Braket", _time, AwsErrors.Classify);
        if (BraketDevices.DevicePart(options.Device) is null)
        {
            throw new ArgumentException($"'{options.Device}' is not a Braket device ARN (arn:aws:braket:REGION::device/...)", nameof(options));
        }

        _region = BraketDevices.Region(options.Device) ?? options.Region ?? BraketDevices.DefaultRegion;
        var root = (options.Endpoint ?? new Uri(BraketDevices.Endpoint(_region))).ToString();
        _root = new Uri(root.EndsWith('/') ? root : root + "/");
        _storage = options.StorageEndpoint;
        _bucket = options.Bucket ?? throw new ArgumentException($"{options.Id} names no S3 bucket for Braket's results", nameof(options));
        _prefix = (options.Prefix ?? "qxm").Trim('/');
        _known = BraketDevices.Find(options.Device);
        Prices = options.Pricing ?? _known?.Prices ?? new PriceModel { PerTask = BraketDevices.PerTask };
        var target = _known is { } device ? BraketDevices.Target(device.Qubits, device.MaxShots, device.Gates, device.Pulse) : BraketDevices.Target(1, 1, []);
        _info = new RemoteDeviceInfo(RemoteDeviceInfo.Remote(options.Id, "braket", $"Amazon Braket {BraketDevices.DevicePart(options.Device)}", target));
    }

    /// <summary>The device as qxm knows it: AWS's published figures until <c>GetDevice</c> has been read (at the first
    /// submit or calibration), then the device's own capabilities.</summary>
    public BackendInfo Info => _info.Current;

    public string Vendor => RemoteBackendOptions.Braket;

    public string Device => _options.Device;

    public PriceModel Prices { get; }

    public bool IsSimulator => BraketDevices.IsSimulator(_options.Device);

    public async Task<string> SubmitAsync(BackendJob job, string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        var target = (await ConfiguredAsync(cancellationToken)).Target;
        if (job.Circuits.Count == 0 || job.Circuits.Count > target.MaxCircuits)
        {
            throw new BackendException(BackendErrorKind.InvalidInput, $"{_options.Id} takes 1 to {target.MaxCircuits} circuits a job (a Braket task each), not {job.Circuits.Count}");
        }

        if (job.Shots < 1 || job.Shots > target.MaxShots)
        {
            throw new BackendException(BackendErrorKind.InvalidInput, $"{_options.Id} takes 1 to {target.MaxShots} shots a task, not {job.Shots}");
        }

        foreach (var circuit in job.Circuits)
        {
            Check(circuit, target);
        }

        var tasks = new string[job.Circuits.Count];
        for (var i = 0; i < tasks.Length; i++)
        {
            var body = new JsonObject
            {
                ["action"] = BraketProgram.Action(job.Circuits[i]),
                ["clientToken"] = ClientToken(idempotencyKey, i, tasks.Length),
                ["deviceArn"] = _options.Device,
                ["shots"] = job.Shots,
                ["outputS3Bucket"] = _bucket,
                ["outputS3KeyPrefix"] = _prefix,
                ["tags"] = new JsonObject
                {
                    [KeyTag] = idempotencyKey,
                    [CircuitTag] = string.Create(CultureInfo.InvariantCulture, $"{i}/{tasks.Length}"),
                    [RunTag] = job.RunId,
                },
            };
            using var answer = VendorHttp.ParseJson(await SendAsync(HttpMethod.Post, "quantum-task", body, job.RunId, cancellationToken), "Braket's answer to a task");
            tasks[i] = answer.RootElement.TryGetProperty("quantumTaskArn", out var arn) && arn.GetString() is { Length: > 0 } made
                ? made
                : throw new BackendException(BackendErrorKind.Transient, "Braket accepted the task without naming it");
        }

        return string.Join(',', tasks);
    }

    public async Task<string?> FindJobAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        var found = new SortedDictionary<int, string>();
        int? count = null;
        string? next = null;
        for (var page = 0; page < SearchPages; page++)
        {
            var body = new JsonObject
            {
                ["filters"] = new JsonArray(new JsonObject { ["name"] = "deviceArn", ["operator"] = "EQUAL", ["values"] = new JsonArray(_options.Device) }),
                ["maxResults"] = 100,
            };
            if (next is not null)
            {
                body["nextToken"] = next;
            }

            var searched = await SendAsync(HttpMethod.Post, "quantum-tasks", body, null, cancellationToken);
            using var answer = VendorHttp.ParseJson(searched, "Braket's task search");
            var root = answer.RootElement;
            if (!root.TryGetProperty("quantumTasks", out var tasks) || tasks.ValueKind != JsonValueKind.Array)
            {
                throw new BackendException(BackendErrorKind.Transient, "Braket's task search has no quantumTasks list", rawAnswer: searched.Body);
            }

            foreach (var task in tasks.EnumerateArray())
            {
                if (task.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Object
                    && tags.TryGetProperty(KeyTag, out var key) && key.GetString() == idempotencyKey
                    && tags.TryGetProperty(CircuitTag, out var circuit) && ParseCircuit(circuit.GetString()) is { } at)
                {
                    count = at.Count;
                    found.TryAdd(at.Index, task.GetProperty("quantumTaskArn").GetString()!);
                }
            }

            next = root.TryGetProperty("nextToken", out var token) && token.GetString() is { Length: > 0 } more ? more : null;
            if ((count is { } n && found.Count == n) || next is null)
            {
                break;
            }
        }

        // A job whose tasks are not all made yet is not found: submitting it again makes the missing ones, and Braket's
        // client tokens keep the made ones from being made twice.
        return count is { } total && found.Count == total ? string.Join(',', found.Values) : null;
    }

    public async Task<BackendJobState> GetStatusAsync(string jobId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        var states = new List<BackendJobState>();
        foreach (var task in jobId.Split(','))
        {
            states.Add(await TaskStatusAsync(task, cancellationToken));
        }

        return states.FirstOrDefault(s => s.Status == BackendJobStatus.Failed)
            ?? states.FirstOrDefault(s => s.Status == BackendJobStatus.Cancelled)
            ?? (states.All(s => s.Status == BackendJobStatus.Completed) ? states[0]
                : states.FirstOrDefault(s => s.Status == BackendJobStatus.Running)
                ?? states.Where(s => s.Status == BackendJobStatus.Queued).MaxBy(s => s.QueuePosition ?? 0)!);
    }

    public async Task<BackendJobResult> GetResultAsync(string jobId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        var counts = new List<IReadOnlyDictionary<string, long>>();
        double seconds = 0;
        decimal? cost = IsSimulator ? 0 : null;
        byte[] last = [];
        foreach (var task in jobId.Split(','))
        {
            var (bucket, directory) = await OutputAsync(task, cancellationToken);
            var answer = await ReadObjectAsync(bucket, directory + "/results.json", cancellationToken);
            last = answer.Body;
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(answer.Body);
            }
            catch (JsonException e)
            {
                throw new BackendException(BackendErrorKind.Transient, $"the task's results.json is not valid JSON ({e.Message})", rawAnswer: answer.Body);
            }

            using (document)
            {
                var shots = document.RootElement.TryGetProperty("taskMetadata", out var metadata) && metadata.TryGetProperty("shots", out var s) && s.TryInt32(out var n) ? n : 0;
                var (table, taskSeconds) = BraketResults.Read(document.RootElement, shots, answer.Body);
                counts.Add(table);
                seconds += taskSeconds ?? 0;
                if (cost is not null)
                {
                    // A simulator bills the time Braket measured, at least its minimum; a QPU bills the published formula,
                    // which the estimate already is.
                    cost += Prices.Estimate(shots, 0, 0, Math.Max(taskSeconds ?? 0, 0.001));
                }
            }
        }

        lock (_gate)
        {
            foreach (var task in jobId.Split(','))
            {
                _outputs.Remove(task);
            }
        }

        var provenance = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["vendor"] = "braket", ["device"] = _options.Device, ["vendorJobId"] = jobId,
        };
        if (cost is { } usd)
        {
            provenance["costUsd"] = usd.ToString(CultureInfo.InvariantCulture);
        }

        return new BackendJobResult(counts, seconds, provenance) { RawAnswer = last };
    }

    public async Task CancelAsync(string jobId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        foreach (var task in jobId.Split(','))
        {
            try
            {
                var body = new JsonObject { ["clientToken"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("cancel " + task))) };
                await SendAsync(HttpMethod.Put, $"quantum-task/{Uri.EscapeDataString(task)}/cancel", body, null, cancellationToken);
            }
            catch (BackendException e) when (e.Kind == BackendErrorKind.InvalidInput)
            {
                // Braket refuses to cancel a task that has finished; the task keeps its result, which is what cancel promises.
                if (!(await TaskStatusAsync(task, cancellationToken)).IsFinished)
                {
                    throw;
                }
            }
        }
    }

    /// <summary>Credentials are read afresh for every call, so a refresh has nothing to forget.</summary>
    public Task RefreshCredentialsAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<RemoteDeviceStatus> GetDeviceStatusAsync(CancellationToken cancellationToken)
    {
        using var device = JsonDocument.Parse(await DeviceAsync(fresh: true, cancellationToken));
        return BraketCapabilities.Status(device.RootElement);
    }

    public async Task<CalibrationSnapshot> GetCalibrationAsync(CancellationToken cancellationToken)
    {
        var info = await ConfiguredAsync(cancellationToken);
        var raw = await DeviceAsync(fresh: false, cancellationToken);
        using var device = JsonDocument.Parse(raw);
        using var capabilities = BraketCapabilities.Capabilities(device.RootElement, raw);
        return BraketCapabilities.Snapshot(info.Id, capabilities.RootElement, info.Target, _time.GetUtcNow(), raw);
    }

    /// <summary>Braket's client token for circuit <paramref name="index"/> of a job: 64 hex characters from qxm's key,
    /// the same for every retry of the same submit.</summary>
    private static string ClientToken(string key, int index, int count) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{key}#{index}/{count}"))));

    private static (int Index, int Count)? ParseCircuit(string? text)
    {
        var parts = (text ?? "").Split('/');
        return parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var i)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && i < n ? (i, n) : null;
    }

    private void Check(Circuit circuit, Target target)
    {
        BraketProgram.Check(circuit, _options.Device, target.Qubits);
        foreach (var gate in OperationTree.Descendants(circuit.Operations).OfType<GateOperation>())
        {
            if (!target.IsAvailable(gate.Name, gate.Qubits))
            {
                throw new BackendException(BackendErrorKind.InvalidInput, string.Create(CultureInfo.InvariantCulture,
                    $"{gate.Name} at line {gate.Span.Line} is not among {_options.Device}'s supported operations {{{string.Join(", ", target.NativeGates ?? [])}}}"));
            }
        }
    }

    private async Task<BackendJobState> TaskStatusAsync(string task, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(HttpMethod.Get, $"quantum-task/{Uri.EscapeDataString(task)}?additionalAttributeNames=QueueInfo", null, null, cancellationToken);
        using var document = VendorHttp.ParseJson(answer, "Braket's task");
        var root = document.RootElement;
        var status = root.TryGetProperty("status", out var s) ? s.GetString() : null;
        switch (status)
        {
            case "CREATED" or "QUEUED":
                int? position = root.TryGetProperty("queueInfo", out var queue) && queue.TryGetProperty("position", out var p)
                    && int.TryParse(p.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var at) ? at : null;
                return new BackendJobState(BackendJobStatus.Queued, position);
            case "RUNNING" or "CANCELLING":
                return new BackendJobState(BackendJobStatus.Running);
            case "COMPLETED":
                if (root.TryGetProperty("outputS3Bucket", out var bucket) && root.TryGetProperty("outputS3Directory", out var directory))
                {
                    lock (_gate)
                    {
                        _outputs[task] = (bucket.GetString()!, directory.GetString()!);
                    }
                }

                return new BackendJobState(BackendJobStatus.Completed);
            case "CANCELLED":
                return new BackendJobState(BackendJobStatus.Cancelled, Message: "cancelled at Braket");
            case "FAILED":
                return new BackendJobState(BackendJobStatus.Failed, Message: root.TryGetProperty("failureReason", out var reason) ? reason.GetString() : "failed at Braket");
            default:
                throw new BackendException(BackendErrorKind.Transient, $"Braket reports task {task} in a state qxm does not know: '{status}'", rawAnswer: answer.Body);
        }
    }

    /// <summary>Where a finished task's results are: remembered from its status, or asked again after a restart.</summary>
    private async Task<(string Bucket, string Directory)> OutputAsync(string task, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_outputs.TryGetValue(task, out var known))
            {
                return known;
            }
        }

        if ((await TaskStatusAsync(task, cancellationToken)).Status != BackendJobStatus.Completed)
        {
            throw new BackendException(BackendErrorKind.InvalidInput, $"Braket task {task} has not completed; it has no results");
        }

        lock (_gate)
        {
            return _outputs[task];
        }
    }

    private Task<BackendInfo> ConfiguredAsync(CancellationToken cancellationToken) => _info.ConfiguredAsync(async token =>
    {
        var raw = await DeviceAsync(fresh: false, token);
        using var device = JsonDocument.Parse(raw);
        using var capabilities = BraketCapabilities.Capabilities(device.RootElement, raw);
        return BraketCapabilities.Target(capabilities.RootElement, _known, raw);
    }, cancellationToken);

    /// <summary>The device's answer, checked to be JSON (the raw bytes are kept: each reader parses its own copy).</summary>
    private async Task<byte[]> DeviceAsync(bool fresh, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!fresh && _device is { } known && _time.GetUtcNow() - known.Read < DeviceServe)
            {
                return known.Raw;
            }
        }

        var answer = await SendAsync(HttpMethod.Get, $"device/{Uri.EscapeDataString(_options.Device)}", null, null, cancellationToken);
        VendorHttp.ParseJson(answer, "Braket's device").Dispose();
        lock (_gate)
        {
            _device = (answer.Body, _time.GetUtcNow());
        }

        return answer.Body;
    }

    private async Task<VendorAnswer> SendAsync(HttpMethod method, string path, JsonObject? body, string? runId, CancellationToken cancellationToken)
    {
        var payload = body is null ? [] : Encoding.UTF8.GetBytes(body.ToJsonString());
        using var request = new HttpRequestMessage(method, new Uri(_root, path));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(payload);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(VendorHttp.JsonType);
        }

        request.Headers.Accept.ParseAdd(VendorHttp.JsonType);
        if (runId is not null)
        {
            request.Headers.Add(VendorHttp.RunIdHeader, runId);
        }

        SigV4.Sign(request, payload, AwsCredentials.Read(_options.Credential), _region, "braket", SigningClock.GetUtcNow());
        return await _http.SendAsync(request, cancellationToken);
    }

    /// <summary>An object of the results bucket: path-style under a configured S3 endpoint, the bucket's own host on AWS.</summary>
    private async Task<VendorAnswer> ReadObjectAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        var path = string.Join('/', key.Split('/').Select(Uri.EscapeDataString));
        var uri = _storage is { } storage
            ? new Uri(storage, $"{storage.AbsolutePath.TrimEnd('/')}/{bucket}/{path}")
            : new Uri($"https://{bucket}.s3.{_region}.amazonaws.com/{path}");
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        SigV4.Sign(request, [], AwsCredentials.Read(_options.Credential), _region, "s3", SigningClock.GetUtcNow());
        return await _http.SendAsync(request, cancellationToken);
    }
}
