using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Qxm.Engine.Tests.Vendors.IonQ;

namespace Qxm.Engine.Tests.Vendors.Braket;

/// <summary>Amazon Braket's REST API as AWS documents it, on a loopback port: every request's SigV4 signature verified
/// (<see cref="FakeAwsSignature"/>; 403 with AWS's error types otherwise), CreateQuantumTask bodies checked (client token,
/// device ARN, shots, the OpenQASM action read with qxm's parser and its gates against the device's supported
/// operations, output bucket and prefix, tags) with the client token making a repeated create return the same task,
/// tasks moving CREATED/QUEUED/RUNNING/COMPLETED on the test's clock with a queue position, CANCELLING/CANCELLED,
/// SearchQuantumTasks paged by next token, GetDevice from recorded fixtures, errors as AWS's REST-JSON protocol sends them
/// (status, <c>x-amzn-ErrorType</c>, <c>{"message"}</c>), and each completed task's <c>results.json</c> written into a
/// real S3-compatible server, where the adapter reads it.</summary>
internal sealed class FakeBraketServer : IAsyncDisposable, IChaosVendorFake
{
    public const string Simulator = "arn:aws:braket:::device/quantum-simulator/amazon/sv1";
    public const string Aria = "arn:aws:braket:us-east-1::device/qpu/ionq/Aria-1";
    public const string Ankaa = "arn:aws:braket:us-west-1::device/qpu/rigetti/Ankaa-3";
    public const string Region = "us-east-1";
    public const string Bucket = "amazon-braket-qxm-tests";

    private static readonly string FixturePath = Path.Combine(AppContext.BaseDirectory, "Vendors", "Braket", "Fixtures");
    private static readonly Dictionary<string, string> Fixtures = new(StringComparer.Ordinal)
    {
        [Simulator] = "device-sv1.json", [Aria] = "device-aria-1.json", [Ankaa] = "device-ankaa-3.json",
    };

    private readonly WebApplication _app;
    private readonly TimeProvider _clock;
    private readonly AmazonS3Client _s3;
    private readonly ConcurrentDictionary<string, FakeBraketTask> _tasks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _written = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(int Status, string Type)> _faults = new();
    private readonly ConcurrentBag<JsonObject> _bodies = [];
    private long _sequence;
    private readonly ChaosDice _dice = new();

    private FakeBraketServer(WebApplication app, TimeProvider clock, AmazonS3Client s3)
    {
        _app = app;
        _clock = clock;
        _s3 = s3;
    }

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The AWS identity the fake accepts: s3rver's fixed key, so one identity signs Braket's and S3's calls as on AWS.</summary>
    public string KeyId { get; } = "S3RVER";

    public string Secret { get; } = "S3RVER";

    /// <summary>Temporary credentials' session token the fake requires on every call; null for long-term keys.</summary>
    public string? SessionToken { get; set; }

    /// <summary>The region whose endpoint this fake plays (a signature's scope must name it).</summary>
    public string SigningRegion { get; set; } = Region;

    public TimeSpan QueueDelay { get; set; } = TimeSpan.FromSeconds(5);

    public bool Offline { get; set; }

    /// <summary>The execution time a simulator task reports, in milliseconds (Braket bills at least 3 s).</summary>
    public int ExecutionMilliseconds { get; set; } = 24;

    public long Calls => _dice.Calls;

    public long Injected => _dice.Injected;

    public FakeIonQChaos? Chaos
    {
        get => _dice.Plan;
        set => _dice.Plan = value;
    }

    /// <summary>How long a task creation's answer takes after the task is made (real time).</summary>
    public TimeSpan AnswerDelay { get; set; }

    /// <summary>Task creations to accept and then answer 504.</summary>
    public int AcceptThenFail { get; set; }

    /// <summary>The search's largest page, whatever maxResults the caller asks for.</summary>
    public int PageSize { get; set; } = 100;

    public IReadOnlyCollection<JsonObject> Bodies => _bodies;

    public ConcurrentDictionary<string, int> RunIds { get; } = new(StringComparer.Ordinal);

    public static async Task<FakeBraketServer> StartAsync(TimeProvider clock, Uri s3Endpoint)
    {
        var app = LoopbackApp.Create();
        var s3 = new AmazonS3Client(new BasicAWSCredentials("S3RVER", "S3RVER"), new AmazonS3Config
        {
            ServiceURL = s3Endpoint.ToString(), ForcePathStyle = true, AuthenticationRegion = Region,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED, ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });
        try
        {
            await s3.PutBucketAsync(Bucket);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
            // Another fake on the same s3rver made it.
        }

        var server = new FakeBraketServer(app, clock, s3);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.Endpoint = new Uri(app.Urls.First() + "/");
        return server;
    }

    public void FailNext(int status, string type, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            _faults.Enqueue((status, type));
        }
    }

    /// <summary>Tasks made under each qxm idempotency key (the <c>qxm_key</c> tag).</summary>
    public IReadOnlyDictionary<string, int> JobsPerKey() =>
        _tasks.Values.Where(t => t.Tags.ContainsKey("qxm_key")).GroupBy(t => t.Tags["qxm_key"], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>Adds a task someone else made on the device, to fill the pages a search reads.</summary>
    public void AddForeignTask(string device) => Add(device, "foreign-" + Guid.NewGuid().ToString("N"), 10, "", new Dictionary<string, string>(), [], []);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _s3.Dispose();
    }

    private async Task HandleAsync(HttpContext http)
    {
        _dice.Count();
        var request = http.Request;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        if (request.Headers.TryGetValue("X-Qxm-Run-Id", out var run))
        {
            RunIds.AddOrUpdate(run.ToString(), 1, (_, n) => n + 1);
        }

        var raw = http.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var segments = raw.Split('?')[0].Split('/').Skip(1).Select(Uri.UnescapeDataString).ToArray();
        var route = (request.Method, segments.Length, segments.FirstOrDefault(), segments.LastOrDefault());
        if (_faults.TryDequeue(out var fault))
        {
            await ErrorAsync(http, fault.Status, fault.Type, "scripted fault");
            return;
        }

        if (InjectedAnswer(_dice.Roll(_clock.GetUtcNow())) is { } injected)
        {
            if (injected.Status == 504 && route is ("POST", 1, "quantum-task", _))
            {
                AcceptThenFail++;
            }
            else
            {
                await ErrorAsync(http, injected.Status, injected.Type, "chaos plan");
                return;
            }
        }

        // AWS checks a signature's time against its own clock, not the test's virtual one.
        if (FakeAwsSignature.Verify(request, body, KeyId, Secret, SessionToken, SigningRegion, "braket", DateTimeOffset.UtcNow) is { } refused)
        {
            await ErrorAsync(http, 403, refused.Type, refused.Message);
            return;
        }

        await (route switch
        {
            ("POST", 1, "quantum-task", _) => CreateAsync(http, body),
            ("GET", 2, "quantum-task", _) => GetAsync(http, segments[1]),
            ("PUT", 3, "quantum-task", "cancel") => CancelAsync(http, segments[1]),
            ("POST", 1, "quantum-tasks", _) => SearchAsync(http, body),
            ("GET", 2, "device", _) => DeviceAsync(http, segments[1]),
            _ => ErrorAsync(http, 404, "UnknownOperationException", $"no operation {request.Method} {raw}"),
        });
    }

    private async Task CreateAsync(HttpContext http, byte[] raw)
    {
        JsonObject body;
        try
        {
            body = JsonNode.Parse(raw) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException e)
        {
            await ErrorAsync(http, 400, "ValidationException", "Invalid JSON: " + e.Message);
            return;
        }

        _bodies.Add(body);
        var token = (string?)body["clientToken"];
        var device = (string?)body["deviceArn"];
        var shots = body["shots"]?.GetValue<long>() ?? -1;
        if (token is not { Length: >= 1 and <= 64 })
        {
            await ErrorAsync(http, 400, "ValidationException", "clientToken must be 1 to 64 characters");
            return;
        }

        if (_tasks.Values.FirstOrDefault(t => t.ClientToken == token) is { } again)
        {
            // The client token makes CreateQuantumTask idempotent: the same request again is answered with the same task.
            await ReplyAsync(http, new JsonObject { ["quantumTaskArn"] = again.Arn }, 201);
            return;
        }

        if (device is null || !Fixtures.ContainsKey(device))
        {
            await ErrorAsync(http, 404, "ResourceNotFoundException", $"Braket device {device} not found");
            return;
        }

        if (Offline)
        {
            await ErrorAsync(http, 424, "DeviceOfflineException", $"Device {device} is offline");
            return;
        }

        using var capabilities = Capabilities(device);
        var service = capabilities.RootElement.GetProperty("service");
        var range = service.GetProperty("shotsRange");
        if (shots < range[0].GetInt64() || shots > range[1].GetInt64())
        {
            await ErrorAsync(http, 400, "ValidationException", $"shots must be in [{range[0]}, {range[1]}] for {device}");
            return;
        }

        if ((string?)body["outputS3Bucket"] != Bucket || string.IsNullOrEmpty((string?)body["outputS3KeyPrefix"]))
        {
            await ErrorAsync(http, 400, "ValidationException", $"outputS3Bucket must be a bucket Braket may write ({Bucket}) and outputS3KeyPrefix non-empty");
            return;
        }

        var tags = (body["tags"] as JsonObject ?? []).ToDictionary(t => t.Key, t => (string?)t.Value ?? "", StringComparer.Ordinal);
        if (tags.Count > 50 || tags.Any(t => t.Key.Length > 128 || t.Value.Length > 256))
        {
            await ErrorAsync(http, 400, "ValidationException", "at most 50 tags, keys up to 128 and values up to 256 characters");
            return;
        }

        var (circuit, problem) = FakeBraketProgram.Read((string?)body["action"], capabilities.RootElement);
        if (circuit is null)
        {
            await ErrorAsync(http, 400, "ValidationException", problem!);
            return;
        }

        var (measured, measurements) = FakeBraketProgram.Sample(circuit, (int)shots);
        var task = Add(device, token, (int)shots, JsonNode.Parse((string)body["action"]!)!["source"]!.GetValue<string>(), tags, measured, measurements);
        if (AnswerDelay > TimeSpan.Zero)
        {
            await Task.Delay(AnswerDelay);
        }

        if (AcceptThenFail > 0)
        {
            AcceptThenFail--;
            await ErrorAsync(http, 504, "GatewayTimeout", "upstream timed out");
            return;
        }

        await ReplyAsync(http, new JsonObject { ["quantumTaskArn"] = task.Arn }, 201);
    }

    private async Task GetAsync(HttpContext http, string arn)
    {
        if (!arn.StartsWith("arn:aws:braket:", StringComparison.Ordinal))
        {
            await ErrorAsync(http, 400, "ValidationException", $"1 validation error detected: Value '{arn}' at 'quantumTaskArn' failed to satisfy constraint");
            return;
        }

        if (!_tasks.TryGetValue(arn, out var task))
        {
            await ErrorAsync(http, 404, "ResourceNotFoundException", $"Quantum task {arn} not found");
            return;
        }

        var status = Status(task);
        if (status == "COMPLETED")
        {
            await _written.GetOrAdd(arn, _ => WriteResultsAsync(task));
        }

        var described = Describe(task);
        if (status == "QUEUED" && http.Request.Query["additionalAttributeNames"] == "QueueInfo")
        {
            var ahead = _tasks.Values.Count(t => t.Device == task.Device && t.Sequence < task.Sequence && Status(t) == "QUEUED");
            described["queueInfo"] = new JsonObject
            {
                ["queue"] = "QUANTUM_TASKS_QUEUE", ["position"] = (ahead + 1).ToString(CultureInfo.InvariantCulture), ["queuePriority"] = "Normal",
            };
        }

        if (status == "FAILED")
        {
            described["failureReason"] = task.FailureReason;
        }

        await ReplyAsync(http, described);
    }

    private async Task CancelAsync(HttpContext http, string arn)
    {
        if (!_tasks.TryGetValue(arn, out var task))
        {
            await ErrorAsync(http, 404, "ResourceNotFoundException", $"Quantum task {arn} not found");
            return;
        }

        if (Status(task) is "COMPLETED" or "FAILED" or "CANCELLED")
        {
            await ErrorAsync(http, 409, "ConflictException", $"Quantum task {arn} is {Status(task)} and cannot be cancelled");
            return;
        }

        _tasks[arn] = task with { Cancelled = true };
        await ReplyAsync(http, new JsonObject { ["quantumTaskArn"] = arn, ["cancellationStatus"] = "CANCELLING" });
    }

    private async Task SearchAsync(HttpContext http, byte[] raw)
    {
        var body = JsonNode.Parse(raw) as JsonObject;
        if (body?["filters"] is not JsonArray filters)
        {
            await ErrorAsync(http, 400, "ValidationException", "filters is required");
            return;
        }

        IEnumerable<FakeBraketTask> matching = _tasks.Values.OrderByDescending(t => t.Sequence);
        foreach (var filter in filters.OfType<JsonObject>())
        {
            var values = (filter["values"] as JsonArray ?? []).Select(v => (string?)v).ToList();
            if ((string?)filter["operator"] != "EQUAL" || (string?)filter["name"] is not ("deviceArn" or "status"))
            {
                await ErrorAsync(http, 400, "ValidationException", "the fake filters by deviceArn or status with EQUAL");
                return;
            }

            matching = (string?)filter["name"] == "deviceArn" ? matching.Where(t => values.Contains(t.Device)) : matching.Where(t => values.Contains(Status(t)));
        }

        var offset = body["nextToken"] is { } next ? int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String((string)next!)), CultureInfo.InvariantCulture) : 0;
        var size = Math.Min(body["maxResults"]?.GetValue<int>() ?? 100, PageSize);
        var all = matching.ToList();
        var page = all.Skip(offset).Take(size).ToList();
        var answer = new JsonObject { ["quantumTasks"] = new JsonArray([.. page.Select(t => (JsonNode)Describe(t))]) };
        if (offset + size < all.Count)
        {
            answer["nextToken"] = Convert.ToBase64String(Encoding.UTF8.GetBytes((offset + size).ToString(CultureInfo.InvariantCulture)));
        }

        await ReplyAsync(http, answer);
    }

    private async Task DeviceAsync(HttpContext http, string arn)
    {
        if (!Fixtures.TryGetValue(arn, out var file))
        {
            await ErrorAsync(http, 404, "ResourceNotFoundException", $"Braket device {arn} not found");
            return;
        }

        var device = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(FixturePath, file)))!.AsObject();
        device["deviceStatus"] = Offline ? "OFFLINE" : "ONLINE";
        device["deviceQueueInfo"] = new JsonArray(
            new JsonObject { ["queue"] = "QUANTUM_TASKS_QUEUE", ["queueSize"] = _tasks.Values.Count(t => t.Device == arn && Status(t) == "QUEUED").ToString(CultureInfo.InvariantCulture), ["queuePriority"] = "Normal" },
            new JsonObject { ["queue"] = "JOBS_QUEUE", ["queueSize"] = "0" });
        await ReplyAsync(http, device);
    }

    private FakeBraketTask Add(string device, string token, int shots, string source, Dictionary<string, string> tags, IReadOnlyList<int> measured, IReadOnlyList<int[]> measurements)
    {
        var id = Guid.NewGuid().ToString();
        var task = new FakeBraketTask($"arn:aws:braket:{Region}:123456789012:quantum-task/{id}", id, token, device, shots, source, tags, measured, measurements,
            _clock.GetUtcNow(), Interlocked.Increment(ref _sequence));
        _tasks[task.Arn] = task;
        return task;
    }

    private JsonObject Describe(FakeBraketTask task)
    {
        var status = Status(task);
        var described = new JsonObject
        {
            ["quantumTaskArn"] = task.Arn, ["status"] = status, ["deviceArn"] = task.Device, ["shots"] = task.Shots,
            ["outputS3Bucket"] = Bucket, ["outputS3Directory"] = $"qxm/{task.Id}",
            ["createdAt"] = task.Created.ToString("O", CultureInfo.InvariantCulture),
            ["tags"] = new JsonObject(task.Tags.Select(t => KeyValuePair.Create(t.Key, (JsonNode?)t.Value))),
        };
        if (status is "COMPLETED" or "CANCELLED")
        {
            described["endedAt"] = (task.Created + QueueDelay).ToString("O", CultureInfo.InvariantCulture);
        }

        return described;
    }

    private string Status(FakeBraketTask task)
    {
        var age = _clock.GetUtcNow() - task.Created;
        return task.Cancelled ? "CANCELLED" : task.FailureReason is not null && age >= QueueDelay ? "FAILED"
            : age >= QueueDelay ? "COMPLETED" : age >= QueueDelay / 2 ? "RUNNING" : "QUEUED";
    }

    private async Task WriteResultsAsync(FakeBraketTask task) =>
        await _s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = Bucket, Key = $"qxm/{task.Id}/results.json", ContentBody = FakeBraketProgram.Results(task, task.Device == Simulator ? ExecutionMilliseconds : null),
            ContentType = "application/json", UseChunkEncoding = false,
        });

    private static JsonDocument Capabilities(string device)
    {
        using var answer = JsonDocument.Parse(File.ReadAllText(Path.Combine(FixturePath, Fixtures[device])));
        return JsonDocument.Parse(answer.RootElement.GetProperty("deviceCapabilities").GetString()!);
    }

    private static (int Status, string Type)? InjectedAnswer(ChaosFault fault) => fault switch
    {
        ChaosFault.Outage => (503, "ServiceUnavailableException"),
        ChaosFault.CredentialExpired => (403, "ExpiredTokenException"),
        ChaosFault.RateLimited => (429, "ThrottlingException"),
        ChaosFault.Transient => (500, "InternalServiceException"),
        ChaosFault.Timeout => (504, "GatewayTimeout"),
        _ => null,
    };

    private static async Task ReplyAsync(HttpContext http, JsonNode body, int status = 200)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(body.ToJsonString());
    }

    /// <summary>AWS's REST-JSON error: the status, the error's type in <c>x-amzn-ErrorType</c>, its message in the body.</summary>
    private static async Task ErrorAsync(HttpContext http, int status, string type, string message)
    {
        http.Response.Headers["x-amzn-ErrorType"] = type + ":http://internal.amazon.com/coral/com.amazon.braket/";
        http.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        await ReplyAsync(http, new JsonObject { ["message"] = message }, status);
    }
}
