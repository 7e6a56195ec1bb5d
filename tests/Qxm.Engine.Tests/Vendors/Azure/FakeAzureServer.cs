using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Qxm.Engine.Tests.Vendors.IonQ;

namespace Qxm.Engine.Tests.Vendors.Azure;

/// <summary>An Azure Quantum workspace as its REST reference documents it, on one loopback port: Microsoft Entra ID's
/// token endpoint (client credentials, tokens expiring on the test's clock, <c>invalid_client</c> for a wrong secret), the
/// workspace's data plane (bearer token or <c>x-ms-quantum-api-key</c>; <c>api-version</c> required; <c>storage/sasUri</c>,
/// <c>PUT</c>/<c>GET</c>/<c>DELETE jobs/{id}</c> with 409 for an id that exists, <c>providerStatus</c>; Azure's error body
/// <c>{"error": {"code", "message"}}</c>) and the storage account's blobs (container create, block blob PUT and GET,
/// each checked against the SAS signature it handed out). Every job is checked as the providers check them (formats,
/// target, shots, gate set, qubit count, the input blob present) and answered by simulating the program it was sent.
/// Job states Waiting, Executing, Succeeded, Cancelled move on the test's clock; scripted faults and a chaos plan apply
/// to every call.</summary>
internal sealed class FakeAzureServer : IAsyncDisposable, IChaosVendorFake
{
    public const string Workspace = "/subscriptions/5b1a7c3e-0000-4000-8000-000000000001/resourceGroups/lab/providers/Microsoft.Quantum/Workspaces/qxm-test";
    public const string Directory = "72f988bf-0000-4000-8000-0000000000aa";

    private readonly WebApplication _app;
    private readonly TimeProvider _clock;
    private readonly byte[] _storageKey = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, FakeAzureJob> _jobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte[]> _blobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _containers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Client, DateTimeOffset Expires)> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(int Status, int? RetryAfter)> _faults = new();
    private readonly ChaosDice _dice = new();
    private long _tokenRequests;

    private FakeAzureServer(WebApplication app, TimeProvider clock)
    {
        _app = app;
        _clock = clock;
    }

    /// <summary>The regional endpoint (<c>url</c> in backends.yaml).</summary>
    public Uri Endpoint { get; private set; } = null!;

    public Uri TokenEndpoint => new(Endpoint, $"{Directory}/oauth2/v2.0/token");

    /// <summary>Client ids and their secrets Entra accepts.</summary>
    public ConcurrentDictionary<string, string> Clients { get; } = new(StringComparer.Ordinal) { ["qxm-app"] = "azure-secret-5c1d" };

    /// <summary>The workspace's API key, or null when the workspace takes Entra tokens only.</summary>
    public string? ApiKey
    {
        get => ApiKeys.GetValueOrDefault("workspace");
        set => ApiKeys["workspace"] = value!;
    }

    /// <summary>Every API key the workspace accepts, by a name the jobs record as their caller.</summary>
    public ConcurrentDictionary<string, string> ApiKeys { get; } = new(StringComparer.Ordinal) { ["workspace"] = "azure-api-key-90be" };

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan QueueDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a storage SAS address it hands out works.</summary>
    public TimeSpan SasLifetime { get; set; } = TimeSpan.FromHours(1);

    public FakeIonQChaos? Chaos
    {
        get => _dice.Plan;
        set => _dice.Plan = value;
    }

    /// <summary>How long a job creation's answer takes after the job is made (real time): a client killed meanwhile has
    /// a job at Azure it never heard of.</summary>
    public TimeSpan AnswerDelay { get; set; }

    public long Calls => _dice.Calls;

    public long Injected => _dice.Injected;

    public long TokenRequests => Interlocked.Read(ref _tokenRequests);

    /// <summary>Job bodies received, in no particular order.</summary>
    public ConcurrentBag<JsonObject> Bodies { get; } = [];

    /// <summary>Programs uploaded, in no particular order.</summary>
    public ConcurrentBag<string> Programs { get; } = [];

    /// <summary>Requests received with qxm's run id header, by run id.</summary>
    public ConcurrentDictionary<string, int> RunIds { get; } = new(StringComparer.Ordinal);

    /// <summary>Every request's headers and query, joined: to check that no secret travels where it should not.</summary>
    public ConcurrentBag<string> Seen { get; } = [];

    public static async Task<FakeAzureServer> StartAsync(TimeProvider clock)
    {
        var app = LoopbackApp.Create();
        var server = new FakeAzureServer(app, clock);
        server.Map(app);
        await app.StartAsync();
        server.Endpoint = new Uri(app.Urls.First() + "/");
        return server;
    }

    public void FailNext(int status, int times = 1, int? retryAfterSeconds = null)
    {
        for (var i = 0; i < times; i++)
        {
            _faults.Enqueue((status, retryAfterSeconds));
        }
    }

    public IReadOnlyDictionary<string, int> JobsPerKey() =>
        _jobs.Values.Where(j => j.Key is not null && j.Details["metadata"]?["qxm_circuits"] is not null)
            .GroupBy(j => j.Key!).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>Azure jobs made under an idempotency key, every circuit's counted.</summary>
    public int JobsWithKey(string key) => _jobs.Values.Count(j => j.Key == key);

    /// <summary>Who made each job under a key: the client id of its token, or the name of its API key.</summary>
    public IReadOnlyList<string> CallersOf(string key) => [.. _jobs.Values.Where(j => j.Key == key).Select(j => j.Caller)];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void Map(WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            _dice.Count();
            Seen.Add(string.Join("\n", http.Request.Headers.Select(h => $"{h.Key}: {h.Value}")) + "\n" + http.Request.QueryString);
            if (http.Request.Headers.TryGetValue("X-Qxm-Run-Id", out var run))
            {
                RunIds.AddOrUpdate(run.ToString(), 1, (_, n) => n + 1);
            }

            if (_faults.TryDequeue(out var fault))
            {
                if (fault.RetryAfter is { } seconds)
                {
                    http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                }

                await Error(fault.Status, fault.Status == 429 ? "TooManyRequests" : "ServiceError", "scripted fault").ExecuteAsync(http);
                return;
            }

            if (ChaosDice.HttpAnswer(_dice.Roll(_clock.GetUtcNow())) is { } injected)
            {
                if (injected.RetryAfter is { } wait)
                {
                    http.Response.Headers.RetryAfter = wait.ToString(CultureInfo.InvariantCulture);
                }

                if (injected.Status == 504 && http.Request.Method == "PUT" && http.Request.Path.Value!.Contains("/jobs/", StringComparison.Ordinal))
                {
                    // The gateway gave up, but the job was made: the caller must find it by its key.
                    http.Items["lose-answer"] = true;
                    await next(http);
                    return;
                }

                await Error(injected.Status, "Injected", "chaos plan").ExecuteAsync(http);
                return;
            }

            await next(http);
        });
        app.MapPost("/{directory}/oauth2/v2.0/token", TokenAsync);
        var workspace = app.MapGroup(Workspace);
        workspace.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (string.IsNullOrEmpty(http.Request.Query["api-version"]))
            {
                return Error(400, "MissingApiVersionParameter", "The api-version query parameter is required.");
            }

            return Caller(http) is not null ? await next(context) : Error(401, "Unauthorized", "The access token is missing, invalid or expired.");
        });
        workspace.MapPost("/storage/sasUri", SasUriAsync);
        workspace.MapPut("/jobs/{id}", CreateAsync);
        workspace.MapGet("/jobs/{id}", Get);
        workspace.MapDelete("/jobs/{id}", Cancel);
        workspace.MapGet("/providerStatus", ProviderStatus);
        app.MapPut("/blob/{container}", CreateContainer);
        app.MapPut("/blob/{container}/{**blob}", PutBlobAsync);
        app.MapGet("/blob/{container}/{**blob}", GetBlob);
    }

    private async Task<IResult> TokenAsync(HttpRequest request, string directory)
    {
        Interlocked.Increment(ref _tokenRequests);
        var form = await request.ReadFormAsync();
        if (directory != Directory)
        {
            return Results.Json(new { error = "invalid_tenant", error_description = $"AADSTS90002: Tenant '{directory}' not found." }, statusCode: 400);
        }

        if (form["grant_type"] != "client_credentials" || form["scope"] != "https://quantum.microsoft.com/.default")
        {
            return Results.Json(new { error = "invalid_request", error_description = "AADSTS900144: grant_type client_credentials and scope https://quantum.microsoft.com/.default are required." }, statusCode: 400);
        }

        var client = form["client_id"].ToString();
        if (!Clients.TryGetValue(client, out var secret) || form["client_secret"] != secret)
        {
            return Results.Json(new { error = "invalid_client", error_description = "AADSTS7000215: Invalid client secret provided." }, statusCode: 401);
        }

        var token = "eyJ0eXAi." + Guid.NewGuid().ToString("N");
        _tokens[token] = (client, _clock.GetUtcNow() + TokenLifetime);
        return Results.Json(new { token_type = "Bearer", expires_in = (long)TokenLifetime.TotalSeconds, ext_expires_in = (long)TokenLifetime.TotalSeconds, access_token = token });
    }

    private string? Caller(HttpContext http)
    {
        var auth = http.Request.Headers.Authorization.ToString();
        if (auth.StartsWith("Bearer ", StringComparison.Ordinal) && _tokens.TryGetValue(auth["Bearer ".Length..], out var token) && token.Expires > _clock.GetUtcNow())
        {
            return token.Client;
        }

        var key = http.Request.Headers["x-ms-quantum-api-key"].ToString();
        return ApiKeys.FirstOrDefault(k => k.Value is { Length: > 0 } && k.Value == key).Key;
    }

    private async Task<IResult> SasUriAsync(HttpRequest request)
    {
        var body = await Json(request);
        var container = (string?)body?["containerName"];
        if (container is null || container.Length is < 3 or > 63 || container.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')))
        {
            return Error(400, "InvalidContainerName", "containerName must be 3 to 63 lowercase letters, digits or hyphens.");
        }

        var blob = (string?)body?["blobName"];
        var path = blob is null ? $"blob/{container}" : $"blob/{container}/{blob}";
        var expiry = (_clock.GetUtcNow() + SasLifetime).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        return Results.Json(new
        {
            sasUri = new Uri(Endpoint, path) + $"?sv=2023-11-03&se={Uri.EscapeDataString(expiry)}&sr={(blob is null ? "c" : "b")}&sp=racwl&sig={Uri.EscapeDataString(Sign(container, expiry))}",
        });
    }

    private IResult CreateContainer(HttpRequest request, string container)
    {
        if (request.Query["restype"] != "container")
        {
            return Error(400, "InvalidQueryParameterValue", "restype=container is required to create a container.");
        }

        if (!SignedFor(request, container))
        {
            return Error(403, "AuthenticationFailed", "Signature did not match.");
        }

        return _containers.TryAdd(container, true) ? Results.StatusCode(201) : Error(409, "ContainerAlreadyExists", "The specified container already exists.");
    }

    private async Task<IResult> PutBlobAsync(HttpRequest request, string container, string blob)
    {
        if (!SignedFor(request, container))
        {
            return Error(403, "AuthenticationFailed", "Signature did not match.");
        }

        if (!_containers.ContainsKey(container))
        {
            return Error(404, "ContainerNotFound", "The specified container does not exist.");
        }

        if (request.Headers["x-ms-blob-type"] != "BlockBlob")
        {
            return Error(400, "MissingRequiredHeader", "x-ms-blob-type: BlockBlob is required.");
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        _blobs[$"{container}/{blob}"] = buffer.ToArray();
        return Results.StatusCode(201);
    }

    private IResult GetBlob(HttpRequest request, string container, string blob)
    {
        if (!SignedFor(request, container))
        {
            return Error(403, "AuthenticationFailed", "Signature did not match.");
        }

        if (blob.EndsWith("/rawOutputData", StringComparison.Ordinal) && _jobs.TryGetValue(blob[..blob.IndexOf('/', StringComparison.Ordinal)], out var job) && Status(job) == "Succeeded")
        {
            _blobs.TryAdd($"{container}/{blob}", Encoding.UTF8.GetBytes(job.Output));
        }

        return _blobs.TryGetValue($"{container}/{blob}", out var bytes)
            ? Results.Bytes(bytes, "application/json")
            : Error(404, "BlobNotFound", "The specified blob does not exist.");
    }

    private async Task<IResult> CreateAsync(HttpContext http, string id)
    {
        var body = await Json(http.Request);
        if (body is null)
        {
            return Error(400, "InvalidJobDefinition", "The job definition is not a JSON object.");
        }

        Bodies.Add(body);
        if ((string?)body["id"] != id || !Guid.TryParseExact(id, "D", out _))
        {
            return Error(400, "InvalidJobDefinition", "The job id must be a GUID equal to the id in the path.");
        }

        var provider = (string?)body["providerId"];
        var target = (string?)body["target"];
        var qubits = FakeAzurePrograms.QubitsOf(target);
        if (qubits is null || provider is null || !target!.StartsWith(provider + ".", StringComparison.Ordinal))
        {
            return Error(400, "InvalidJobDefinition", $"Target '{target}' is not offered by provider '{provider}' in this workspace.");
        }

        var (input, output) = provider == "ionq" ? ("ionq.circuit.v1", "ionq.quantum-results.v1") : ("honeywell.openqasm.v1", "honeywell.quantum-results.v1");
        if ((string?)body["inputDataFormat"] != input || (string?)body["outputDataFormat"] != output)
        {
            return Error(400, "InvalidJobDefinition", $"Provider {provider} takes {input} and writes {output}.");
        }

        var shots = provider == "ionq" ? body["inputParams"]?["shots"] : body["inputParams"]?["count"];
        if (shots is null || shots.GetValue<int>() is < 1 or > 10_000)
        {
            return Error(400, "InvalidJobDefinition", $"inputParams.{(provider == "ionq" ? "shots" : "count")} must be between 1 and 10000.");
        }

        if (body["metadata"] is JsonObject metadata && metadata.Any(m => m.Value is not JsonValue v || !v.TryGetValue<string>(out _)))
        {
            return Error(400, "InvalidJobDefinition", "metadata values must be strings.");
        }

        var blob = BlobOf((string?)body["inputDataUri"]);
        if (blob is null || !_blobs.TryGetValue(blob, out var program) || BlobOf((string?)body["containerUri"]) is null)
        {
            return Error(400, "InvalidJobDefinition", "inputDataUri must name an uploaded blob of the workspace's storage under a valid SAS.");
        }

        var text = Encoding.UTF8.GetString(program);
        Programs.Add(text);
        var result = provider == "ionq" ? FakeAzurePrograms.IonQ(text, qubits.Value) : FakeAzurePrograms.Quantinuum(text, qubits.Value, shots.GetValue<int>(), id);
        if (result.Problem is not null)
        {
            return Error(400, "InvalidInputData", result.Problem);
        }

        var created = new FakeAzureJob(id, (string?)body["metadata"]?["qxm_key"], body, result.Output!, _clock.GetUtcNow(), Caller(http)!);
        if (!_jobs.TryAdd(id, created))
        {
            return Error(409, "Conflict", $"Job {id} already exists.");
        }

        if (AnswerDelay > TimeSpan.Zero)
        {
            await Task.Delay(AnswerDelay);
        }

        return http.Items.ContainsKey("lose-answer")
            ? Error(504, "GatewayTimeout", "The gateway timed out.")
            : Results.Json(Describe(created), statusCode: 201);
    }

    private IResult Get(string id) =>
        _jobs.TryGetValue(id, out var job) ? Results.Json(Describe(job)) : Error(404, "JobNotFound", $"Job {id} was not found.");

    private IResult Cancel(string id)
    {
        if (!_jobs.TryGetValue(id, out var job))
        {
            return Error(404, "JobNotFound", $"Job {id} was not found.");
        }

        if (Status(job) is "Succeeded" or "Failed" or "Cancelled")
        {
            return Error(409, "InvalidJobState", $"Job {id} has finished and cannot be cancelled.");
        }

        _jobs[id] = job with { Cancelled = true };
        return Results.NoContent();
    }

    private IResult ProviderStatus() => Results.Json(new JsonObject
    {
        ["value"] = new JsonArray(
            new JsonObject
            {
                ["id"] = "ionq", ["currentAvailability"] = "Available",
                ["targets"] = new JsonArray(Target("ionq.simulator", "Available", 3), Target("ionq.qpu.aria-1", "Degraded", 86400)),
            },
            new JsonObject
            {
                ["id"] = "quantinuum", ["currentAvailability"] = "Available",
                ["targets"] = new JsonArray(Target("quantinuum.sim.h2-1e", "Available", 40), Target("quantinuum.qpu.h2-1", "Unavailable", 0)),
            }),
        ["nextLink"] = null,
    });

    private static JsonObject Target(string id, string availability, int queueSeconds) =>
        new() { ["id"] = id, ["currentAvailability"] = availability, ["averageQueueTime"] = queueSeconds, ["statusPage"] = null };

    private JsonObject Describe(FakeAzureJob job)
    {
        var details = (JsonObject)job.Details.DeepClone();
        var status = Status(job);
        details["status"] = status;
        details["creationTime"] = job.Created.ToString("O", CultureInfo.InvariantCulture);
        if (status is "Executing" or "Succeeded")
        {
            details["beginExecutionTime"] = (job.Created + (QueueDelay / 2)).ToString("O", CultureInfo.InvariantCulture);
        }

        if (status == "Succeeded")
        {
            details["endExecutionTime"] = (job.Created + QueueDelay).ToString("O", CultureInfo.InvariantCulture);
            details["costEstimate"] = new JsonObject { ["currencyCode"] = "USD", ["estimatedTotal"] = 0.0, ["events"] = new JsonArray() };
        }
        else
        {
            details.Remove("outputDataUri");
        }

        return details;
    }

    private string Status(FakeAzureJob job)
    {
        var age = _clock.GetUtcNow() - job.Created;
        return job.Cancelled ? "Cancelled" : age >= QueueDelay ? "Succeeded" : age >= QueueDelay / 2 ? "Executing" : "Waiting";
    }

    private string Sign(string container, string expiry) =>
        Convert.ToBase64String(HMACSHA256.HashData(_storageKey, Encoding.UTF8.GetBytes(container + "\n" + expiry)));

    /// <summary>A SAS is good for its container until its expiry, and only with its own signature.</summary>
    private bool Valid(string container, string? expiry, string? sig) =>
        expiry is not null && sig == Sign(container, expiry)
        && DateTimeOffset.TryParse(expiry, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var until) && until > _clock.GetUtcNow();

    private bool SignedFor(HttpRequest request, string container) => Valid(container, request.Query["se"], request.Query["sig"]);

    /// <summary>The blob a SAS address of this storage account names (container/blob), or the container; null for any
    /// other address or a bad signature.</summary>
    private string? BlobOf(string? address)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Authority != Endpoint.Authority || !uri.AbsolutePath.StartsWith("/blob/", StringComparison.Ordinal))
        {
            return null;
        }

        var path = Uri.UnescapeDataString(uri.AbsolutePath["/blob/".Length..]);
        var container = path.Split('/')[0];
        var query = System.Web.HttpUtility.ParseQueryString(uri.Query);
        return Valid(container, query["se"], query["sig"]) ? path : null;
    }

    private static async Task<JsonObject?> Json(HttpRequest request)
    {
        try
        {
            return JsonNode.Parse(await new StreamReader(request.Body, Encoding.UTF8).ReadToEndAsync()) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IResult Error(int status, string code, string message) =>
        Results.Json(new { error = new { code, message } }, statusCode: status);
}
