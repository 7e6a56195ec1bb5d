using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;
using Qxm.Engine.Tests.Vendors.IonQ;
using Qxm.Simulation.StateVector;

namespace Qxm.Engine.Tests.Vendors.Ibm;

/// <summary>IBM Cloud IAM and the Qiskit Runtime REST API as IBM documents them, on a loopback port: API keys exchanged
/// for bearer tokens that expire on the test's clock (401 with IBM's error body after), the <c>Service-CRN</c> and
/// <c>IBM-API-Version</c> headers required, Sampler V2 jobs whose bodies it checks (program, backend, version, PUBs of
/// OpenQASM 3 parsed by qxm's parser, shots, the device's instruction set and coupling map, tags), job states
/// Queued/Running/Completed/Cancelled moving on the clock with a queue position and expected finish in the metrics, the
/// job list filtered by tag, results sampled from the exact distribution as hex per register, the device's
/// configuration, properties and status from fixtures, scripted faults (429 with Retry-After, 5xx, 503), and sessions
/// (<c>FakeIbmServer.Sessions.cs</c>).</summary>
internal sealed partial class FakeIbmServer : IAsyncDisposable, IChaosVendorFake
{
    public const string Device = "ibm_torino";

    private static readonly string FixturePath = Path.Combine(AppContext.BaseDirectory, "Vendors", "Ibm", "Fixtures");

    private readonly WebApplication _app;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, FakeIbmJob> _jobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(int Status, int? RetryAfter)> _faults = new();
    private readonly ConcurrentBag<JsonObject> _bodies = [];
    private readonly HashSet<string> _basis;
    private readonly HashSet<(int, int)> _coupling;
    private readonly int _qubits;
    private long _sequence;
    private readonly ChaosDice _dice = new();
    private long _tokensIssued;

    private FakeIbmServer(WebApplication app, TimeProvider clock)
    {
        _app = app;
        _clock = clock;
        using var configuration = JsonDocument.Parse(File.ReadAllText(Path.Combine(FixturePath, $"configuration-{Device}.json")));
        var root = configuration.RootElement;
        _qubits = root.GetProperty("n_qubits").GetInt32();
        _basis = [.. root.GetProperty("basis_gates").EnumerateArray().Select(g => g.GetString()!)];
        _coupling = [.. root.GetProperty("coupling_map").EnumerateArray().Select(p => (p[0].GetInt32(), p[1].GetInt32()))];
    }

    public Uri Endpoint { get; private set; } = null!;

    public Uri TokenEndpoint { get; private set; } = null!;

    public string ApiKey { get; set; } = "ibm-test-apikey-5d1c";

    public string Instance { get; } = "crn:v1:bluemix:public:quantum-computing:us-east:a/5f3c1e7d9b2a4c6e8f0a1b3c5d7e9f01:0d3c4b5a-6978-4e1f-a2b3-c4d5e6f70819::";

    /// <summary>How long a bearer token lives, as IAM says in <c>expires_in</c>.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a job waits (Queued, then Running for the last half) before it completes.</summary>
    public TimeSpan QueueDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether the metrics leave a queued job's position unranked (JSON null), as IBM's do for a job its scheduler has
    /// not placed yet and for every job that is not queued.</summary>
    public bool QueuePositionUnranked { get; set; }

    /// <summary>Quantum seconds a completed job reports in its usage.</summary>
    public double QuantumSeconds { get; set; } = 2;

    public long Calls => _dice.Calls;

    public long TokensIssued => Interlocked.Read(ref _tokensIssued);

    public long Injected => _dice.Injected;

    /// <summary>A seeded fault plan applied to every runtime call, as for the fake IonQ.</summary>
    public FakeIonQChaos? Chaos
    {
        get => _dice.Plan;
        set => _dice.Plan = value;
    }

    /// <summary>How long a job creation's answer takes after the job is made (real time).</summary>
    public TimeSpan AnswerDelay { get; set; }

    /// <summary>Job creations to accept and then answer 504.</summary>
    public int AcceptThenFail { get; set; }

    public IReadOnlyCollection<JsonObject> Bodies => _bodies;

    public ConcurrentDictionary<string, int> RunIds { get; } = new(StringComparer.Ordinal);

    public static async Task<FakeIbmServer> StartAsync(TimeProvider clock)
    {
        var app = LoopbackApp.Create();
        var server = new FakeIbmServer(app, clock);
        server.Map(app);
        await app.StartAsync();
        server.Endpoint = new Uri(app.Urls.First() + "/api/v1/");
        server.TokenEndpoint = new Uri(app.Urls.First() + "/identity/token");
        return server;
    }

    public void FailNext(int status, int times = 1, int? retryAfterSeconds = null)
    {
        for (var i = 0; i < times; i++)
        {
            _faults.Enqueue((status, retryAfterSeconds));
        }
    }

    /// <summary>Jobs accepted under each qxm idempotency key (the <c>qxm_key:</c> tag).</summary>
    public IReadOnlyDictionary<string, int> JobsPerKey() =>
        _jobs.Values.SelectMany(j => j.Tags.Where(t => t.StartsWith("qxm_key:", StringComparison.Ordinal)).Select(t => t["qxm_key:".Length..]))
            .GroupBy(k => k, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void Map(WebApplication app)
    {
        app.MapPost("/identity/token", IssueAsync);
        var api = app.MapGroup("/api/v1");
        api.AddEndpointFilter(async (context, next) =>
        {
            _dice.Count();
            var http = context.HttpContext;
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

                return Error(fault.Status, fault.Status == 429 ? "rate_limited" : "service_error", "scripted fault");
            }

            if (ChaosDice.HttpAnswer(_dice.Roll(_clock.GetUtcNow())) is { } injected)
            {
                if (injected.RetryAfter is { } wait)
                {
                    http.Response.Headers.RetryAfter = wait.ToString(CultureInfo.InvariantCulture);
                }

                if (injected.Status == 504 && http.Request.Method == "POST")
                {
                    AcceptThenFail++;
                    return await next(context);
                }

                if (injected.Status == 401)
                {
                    // The token was revoked: the caller must ask IAM for another.
                    _tokens.Clear();
                }

                return Error(injected.Status, "injected", "chaos plan");
            }

            var auth = http.Request.Headers.Authorization.ToString();
            if (!auth.StartsWith("Bearer ", StringComparison.Ordinal) || !_tokens.TryGetValue(auth["Bearer ".Length..], out var expires) || _clock.GetUtcNow() >= expires)
            {
                return Error(401, "unauthorized", "Invalid or expired IAM token");
            }

            if (http.Request.Headers["Service-CRN"].ToString() != Instance)
            {
                return Error(400, "missing_crn", "The Service-CRN header must name a service instance you can use");
            }

            return string.IsNullOrEmpty(http.Request.Headers["IBM-API-Version"].ToString())
                ? Error(400, "missing_version", "The IBM-API-Version header is required")
                : await next(context);
        });
        MapSessions(api);
        api.MapPost("/jobs", CreateAsync);
        api.MapGet("/jobs", List);
        api.MapGet("/jobs/{id}", Get);
        api.MapGet("/jobs/{id}/metrics", Metrics);
        api.MapGet("/jobs/{id}/results", Results_);
        api.MapPost("/jobs/{id}/cancel", Cancel);
        api.MapGet("/backends/{name}/configuration", (string name) => Fixture(name, "configuration"));
        api.MapGet("/backends/{name}/properties", (string name) => Fixture(name, "properties"));
        api.MapGet("/backends/{name}/status", (string name) => name == Device
            ? Results.Json(new { backend_name = name, backend_version = "1.2.4", state = true, status = "active", message = "", length_queue = _jobs.Values.Count(j => Status(j) == "Queued") })
            : Error(404, "not_found", $"Backend {name} not found"));
    }

    private async Task<IResult> IssueAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        if (form["grant_type"] != "urn:ibm:params:oauth:grant-type:apikey")
        {
            return Results.Json(new { errorCode = "BXNIM0109E", errorMessage = "Property missing or empty. Property: grant_type" }, statusCode: 400);
        }

        if (form["apikey"] != ApiKey)
        {
            return Results.Json(new { errorCode = "BXNIM0415E", errorMessage = "Provided API key could not be found." }, statusCode: 400);
        }

        var token = "iam-" + Guid.NewGuid().ToString("N");
        var expires = _clock.GetUtcNow() + TokenLifetime;
        _tokens[token] = expires;
        Interlocked.Increment(ref _tokensIssued);
        return Results.Json(new
        {
            access_token = token, refresh_token = "not_supported", token_type = "Bearer", expires_in = (long)TokenLifetime.TotalSeconds,
            expiration = expires.ToUnixTimeSeconds(), scope = "ibm openid",
        });
    }

    private async Task<IResult> CreateAsync(HttpRequest request)
    {
        JsonObject body;
        try
        {
            body = JsonNode.Parse(await new StreamReader(request.Body, Encoding.UTF8).ReadToEndAsync()) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException e)
        {
            return Error(400, "invalid_json", "Invalid JSON: " + e.Message);
        }

        _bodies.Add(body);
        if ((string?)body["program_id"] != "sampler")
        {
            return Error(400, "invalid_program", "program_id must be sampler or estimator; qxm sends sampler");
        }

        if ((string?)body["backend"] != Device)
        {
            return Error(400, "backend_not_found", $"backend {(string?)body["backend"]} is not available to this instance");
        }

        var parameters = body["params"] as JsonObject;
        if (parameters?["version"]?.GetValue<int>() != 2 || parameters["pubs"] is not JsonArray pubs || pubs.Count is 0 or > 300)
        {
            return Error(400, "invalid_params", "params needs version 2 and 1 to 300 pubs");
        }

        var defaultShots = parameters["options"]?["default_shots"]?.GetValue<int>();
        var results = new List<IReadOnlyList<FakeIbmRegister>>();
        foreach (var pub in pubs)
        {
            if (pub is not JsonArray { Count: >= 1 and <= 3 } tuple || tuple[0] is not JsonValue text || !text.TryGetValue<string>(out var qasm))
            {
                return Error(400, "invalid_pub", "each pub is [circuit, parameter values, shots] with an OpenQASM 3 string");
            }

            var shots = tuple.Count == 3 && tuple[2] is not null ? tuple[2]!.GetValue<int>() : defaultShots ?? 4096;
            if (shots is < 1 or > 100_000)
            {
                return Error(400, "invalid_shots", "shots must be between 1 and 100000");
            }

            var parsed = OpenQasmParser.Parse(qasm, "pub.qasm", _ => null);
            if (parsed.Circuit is not { } circuit)
            {
                return Error(400, "invalid_qasm", "The OpenQASM 3 program could not be parsed: " + string.Join("; ", parsed.Diagnostics));
            }

            if (Isa(circuit) is { } problem)
            {
                return Error(400, "not_isa", problem);
            }

            results.Add(Sample(circuit, shots));
        }

        var sessionId = body["session_id"] is JsonValue named && named.TryGetValue<string>(out var given) ? given : null;
        if (sessionId is not null && RefuseInSession(sessionId) is { } refused)
        {
            return refused;
        }

        if (HoldSubmits is { } hold)
        {
            SubmitHeld.TrySetResult();
            await hold.Task;
        }

        var tags = (body["tags"] as JsonArray ?? []).Select(t => (string)t!).ToList();
        var job = new FakeIbmJob("d" + Guid.NewGuid().ToString("N")[..19], Device, tags, _clock.GetUtcNow(), results, Interlocked.Increment(ref _sequence))
        {
            SessionId = sessionId,
        };
        _jobs[job.Id] = job;
        if (AnswerDelay > TimeSpan.Zero)
        {
            await Task.Delay(AnswerDelay);
        }

        if (AcceptThenFail > 0)
        {
            AcceptThenFail--;
            return Error(504, "gateway_timeout", "upstream timed out");
        }

        return Results.Json(new { id = job.Id, backend = job.Backend });
    }

    private IResult List(int? limit, int? offset, string? tags)
    {
        var wanted = tags is null ? null : tags;
        var matching = _jobs.Values.Where(j => wanted is null || j.Tags.Contains(wanted, StringComparer.Ordinal)).OrderByDescending(j => j.Sequence).ToList();
        var page = matching.Skip(offset ?? 0).Take(Math.Min(limit ?? 10, 200)).ToList();
        return Results.Json(new JsonObject
        {
            ["jobs"] = new JsonArray([.. page.Select(j => (JsonNode)Describe(j))]),
            ["count"] = matching.Count, ["limit"] = limit ?? 10, ["offset"] = offset ?? 0,
        });
    }

    private IResult Get(string id) =>
        _jobs.TryGetValue(id, out var job) ? Results.Json(Describe(job)) : Error(404, "job_not_found", $"Job {id} not found");

    private IResult Metrics(string id)
    {
        if (!_jobs.TryGetValue(id, out var job))
        {
            return Error(404, "job_not_found", $"Job {id} not found");
        }

        var ahead = _jobs.Values.Count(j => j.Sequence < job.Sequence && Status(j) == "Queued");
        return Results.Json(new JsonObject
        {
            ["timestamps"] = new JsonObject { ["created"] = job.Created.ToString("O", CultureInfo.InvariantCulture) },
            ["position_in_queue"] = Status(job) == "Queued" && !QueuePositionUnranked ? ahead + 1 : null,
            ["estimated_completion_time"] = (job.Created + QueueDelay).ToString("O", CultureInfo.InvariantCulture),
        });
    }

    private IResult Results_(string id)
    {
        if (!_jobs.TryGetValue(id, out var job))
        {
            return Error(404, "job_not_found", $"Job {id} not found");
        }

        if (Status(job) != "Completed")
        {
            return Error(400, "results_not_ready", $"Job {id} has no results: it is {Status(job)}");
        }

        return Results.Json(new JsonObject
        {
            ["results"] = new JsonArray([.. job.Pubs.Select(pub => (JsonNode)new JsonObject
            {
                ["data"] = new JsonObject(pub.Select(r => KeyValuePair.Create(r.Name, (JsonNode?)new JsonObject
                {
                    ["samples"] = new JsonArray([.. r.Samples.Select(s => (JsonNode)s)]), ["num_bits"] = r.Bits,
                }))),
                ["metadata"] = new JsonObject { ["circuit_metadata"] = new JsonObject() },
            })]),
            ["metadata"] = new JsonObject { ["execution"] = new JsonObject(), ["version"] = 2 },
        });
    }

    private IResult Cancel(string id)
    {
        if (!_jobs.TryGetValue(id, out var job))
        {
            return Error(404, "job_not_found", $"Job {id} not found");
        }

        if (Status(job) is not ("Queued" or "Running"))
        {
            return Error(409, "job_terminal", $"Job {id} is {Status(job)} and cannot be cancelled");
        }

        _jobs[id] = job with { Cancelled = true };
        return Results.NoContent();
    }

    private static IResult Fixture(string name, string what) =>
        name == Device
            ? Results.Text(File.ReadAllText(Path.Combine(FixturePath, $"{what}-{name}.json")), "application/json")
            : Error(404, "not_found", $"Backend {name} not found");

    private JsonObject Describe(FakeIbmJob job)
    {
        var status = Status(job);
        var described = new JsonObject
        {
            ["id"] = job.Id, ["backend"] = job.Backend, ["program"] = new JsonObject { ["id"] = "sampler" },
            ["state"] = new JsonObject { ["status"] = status }, ["status"] = status,
            ["created"] = job.Created.ToString("O", CultureInfo.InvariantCulture), ["tags"] = new JsonArray([.. job.Tags.Select(t => (JsonNode)t)]),
            ["session_id"] = job.SessionId,
        };
        if (status == "Completed")
        {
            described["usage"] = new JsonObject { ["quantum_seconds"] = QuantumSeconds, ["seconds"] = QuantumSeconds };
        }

        return described;
    }

    private string Status(FakeIbmJob job)
    {
        var age = _clock.GetUtcNow() - job.Created;
        return job.Cancelled ? "Cancelled" : age >= QueueDelay ? "Completed" : age >= QueueDelay / 2 ? "Running" : "Queued";
    }

    /// <summary>IBM runs only circuits in the device's instruction set: its basis gates, two-qubit gates on coupled pairs.</summary>
    private string? Isa(Circuit circuit)
    {
        if (circuit.QubitCount > _qubits)
        {
            return $"The circuit uses {circuit.QubitCount} qubits; {Device} has {_qubits}";
        }

        foreach (var gate in OperationTree.Descendants(circuit.Operations).OfType<GateOperation>())
        {
            if (!_basis.Contains(gate.Name))
            {
                return $"The instruction {gate.Name} on qubits ({string.Join(", ", gate.Qubits)}) is not supported by the target";
            }

            if (gate.Qubits.Length == 2 && !_coupling.Contains((gate.Qubits[0], gate.Qubits[1])))
            {
                return $"The instruction {gate.Name} on qubits ({gate.Qubits[0]}, {gate.Qubits[1]}) is not supported by the target";
            }
        }

        return null;
    }

    /// <summary>Exact counts from the circuit's distribution (largest remainders), as samples per register in hex.</summary>
    private static List<FakeIbmRegister> Sample(Circuit circuit, int shots)
    {
        var probabilities = StateVectorSimulator.Probabilities(circuit).OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        var counts = probabilities.Select(p => (p.Key, Count: (int)Math.Floor(p.Value * shots), Remainder: (p.Value * shots) - Math.Floor(p.Value * shots))).ToList();
        var left = shots - counts.Sum(c => c.Count);
        foreach (var i in counts.Select((c, i) => (c.Remainder, i)).OrderByDescending(c => c.Remainder).Take(left).Select(c => c.i).ToList())
        {
            counts[i] = counts[i] with { Count = counts[i].Count + 1 };
        }

        var outcomes = counts.SelectMany(c => Enumerable.Repeat(c.Key, c.Count)).ToList();
        return [.. circuit.ClassicalRegisters.Select(r => new FakeIbmRegister(r.Name, r.Size, [.. outcomes.Select(bits =>
        {
            var value = BigInteger.Zero;
            for (var b = r.Size - 1; b >= 0; b--)
            {
                value = (value << 1) | (bits[bits.Length - 1 - (r.Offset + b)] == '1' ? BigInteger.One : BigInteger.Zero);
            }

            return "0x" + value.ToString("x", CultureInfo.InvariantCulture).TrimStart('0').PadLeft(1, '0');
        })]))];
    }

    /// <summary>IBM Cloud's error body: a list of errors with a code and message, a trace id and the status.</summary>
    private static IResult Error(int status, string code, string message) =>
        Results.Json(new { errors = new[] { new { code, message, more_info = "https://cloud.ibm.com/apidocs/quantum-computing" } }, trace = Guid.NewGuid().ToString("N"), status_code = status }, statusCode: status);
}
