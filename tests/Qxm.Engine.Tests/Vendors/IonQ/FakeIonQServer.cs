using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Qxm.Circuits.Parsing;
using Qxm.Simulation.StateVector;

namespace Qxm.Engine.Tests.Vendors.IonQ;

/// <summary>IonQ's Quantum Cloud API v0.4 as its reference documents it, on a loopback port: <c>apiKey</c> auth (401
/// with IonQ's error body otherwise), jobs created from <c>ionq.circuit.v1</c> and <c>ionq.multi-circuit.v1</c> bodies
/// that it checks (type, backend, shots, gate set and gate names, qubit indices and count, metadata limits), job states
/// ready/submitted/running/completed/canceled/failed moving on the test's clock, a paginated job list, probabilities
/// computed by simulating the circuit it was sent, backends and characterizations, and scripted faults (429 with
/// Retry-After, 5xx, 503) for the next calls.</summary>
internal sealed class FakeIonQServer : IAsyncDisposable, IChaosVendorFake
{
    public const string SimulatorQubitsText = "29";

    private static readonly HashSet<string> QisGates = new(StringComparer.Ordinal)
    { "x", "y", "z", "h", "s", "si", "t", "ti", "v", "vi", "rx", "ry", "rz", "cnot", "swap", "xx", "yy", "zz", "not" };

    private static readonly HashSet<string> NativeGates = new(StringComparer.Ordinal) { "gpi", "gpi2", "ms" };

    private readonly WebApplication _app;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, FakeIonQJob> _jobs = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(int Status, int? RetryAfter)> _faults = new();
    private readonly ConcurrentBag<JsonObject> _bodies = [];
    private long _sequence;
    private readonly ChaosDice _dice = new();

    private FakeIonQServer(WebApplication app, TimeProvider clock)
    {
        _app = app;
        _clock = clock;
    }

    public Uri Endpoint { get; private set; } = null!;

    public string ApiKey { get; set; } = "ionq-test-key-7f3a";

    /// <summary>How long a job waits (submitted, then running for the last half) before it completes.</summary>
    public TimeSpan QueueDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The job list's largest page, whatever limit the caller asks for.</summary>
    public int PageSize { get; set; } = 100;

    public long Calls => _dice.Calls;

    /// <summary>Faults the <see cref="Chaos"/> plan injected so far.</summary>
    public long Injected => _dice.Injected;

    /// <summary>A seeded fault plan applied to every call, as the chaos test of the resilience issue asks: rate limits,
    /// 5xx, gateway timeouts (after the job was made, for a submit), a 401 every N calls and an outage window (503) on
    /// the test's clock.</summary>
    public FakeIonQChaos? Chaos
    {
        get => _dice.Plan;
        set => _dice.Plan = value;
    }

    /// <summary>How long a job creation's answer takes after the job is made (real time): a client killed meanwhile has
    /// a job at IonQ it never heard of.</summary>
    public TimeSpan AnswerDelay { get; set; }

    /// <summary>Job creations to accept and then answer 504, as a gateway that timed out after the job was made.</summary>
    public int AcceptThenFail { get; set; }

    /// <summary>The job bodies received, in no particular order.</summary>
    public IReadOnlyCollection<JsonObject> Bodies => _bodies;

    /// <summary>Requests received with qxm's run id header, by run id.</summary>
    public ConcurrentDictionary<string, int> RunIds { get; } = new(StringComparer.Ordinal);

    public static async Task<FakeIonQServer> StartAsync(TimeProvider clock)
    {
        var app = LoopbackApp.Create();
        var server = new FakeIonQServer(app, clock);
        server.Map(app);
        await app.StartAsync();
        server.Endpoint = new Uri(app.Urls.First() + "/v0.4/");
        return server;
    }

    /// <summary>The next calls answer <paramref name="status"/> (with Retry-After seconds for 429/503), one call each.</summary>
    public void FailNext(int status, int times = 1, int? retryAfterSeconds = null)
    {
        for (var i = 0; i < times; i++)
        {
            _faults.Enqueue((status, retryAfterSeconds));
        }
    }

    /// <summary>Idempotency keys with the number of jobs accepted under each.</summary>
    public IReadOnlyDictionary<string, int> JobsPerKey() =>
        _jobs.Values.Where(j => j.Key is not null).GroupBy(j => j.Key!).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>Jobs accepted under an idempotency key (qxm puts it in the metadata).</summary>
    public int JobsWithKey(string key) => _jobs.Values.Count(j => j.Key == key);

    /// <summary>Adds a job made by someone else (no qxm metadata), to fill the list others page through.</summary>
    public void AddForeignJob() => Add(new FakeIonQJob(NextId(), null, null, "simulator", 10, _clock.GetUtcNow(), [], [], null));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void Map(WebApplication app)
    {
        var api = app.MapGroup("/v0.4");
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

                return Error(fault.Status, fault.Status == 429 ? "Too Many Requests" : "Service Error", "scripted fault");
            }

            if (ChaosDice.HttpAnswer(_dice.Roll(_clock.GetUtcNow())) is { } injected)
            {
                if (injected.RetryAfter is { } wait)
                {
                    http.Response.Headers.RetryAfter = wait.ToString(CultureInfo.InvariantCulture);
                }

                if (injected.Status == 504 && http.Request.Method == "POST")
                {
                    // The gateway gave up, but the job was made: the caller must find it by its key.
                    AcceptThenFail++;
                    return await next(context);
                }

                return Error(injected.Status, "Injected", "chaos plan");
            }

            var auth = http.Request.Headers.Authorization.ToString();
            return auth == "apiKey " + ApiKey ? await next(context) : Error(401, "Unauthorized", "Invalid API key.");
        });
        api.MapPost("/jobs", CreateAsync);
        api.MapGet("/jobs", List);
        api.MapGet("/jobs/{id}", Get);
        api.MapGet("/jobs/{id}/results/probabilities", Probabilities);
        api.MapPut("/jobs/{id}/status/cancel", Cancel);
        api.MapGet("/backends/{backend}", Backend);
        api.MapGet("/backends/{backend}/characterizations", Characterizations);
    }

    private async Task<IResult> CreateAsync(HttpRequest request)
    {
        JsonObject body;
        try
        {
            body = JsonNode.Parse(await new StreamReader(request.Body, Encoding.UTF8).ReadToEndAsync()) as JsonObject
                ?? throw new JsonException("not an object");
        }
        catch (JsonException e)
        {
            return Error(400, "Bad Request", "Invalid JSON: " + e.Message);
        }

        _bodies.Add(body);
        var type = (string?)body["type"];
        var backend = (string?)body["backend"];
        var shots = body["shots"]?.GetValue<int>() ?? 0;
        var input = body["input"] as JsonObject;
        if (type is not ("ionq.circuit.v1" or "ionq.multi-circuit.v1"))
        {
            return Error(400, "Bad Request", $"\"type\" must be one of ionq.circuit.v1, ionq.multi-circuit.v1");
        }

        if (QubitsOf(backend) is not { } available)
        {
            return Error(400, "Bad Request", $"\"backend\" {backend} is not a valid backend");
        }

        if (shots is < 1 or > 100_000)
        {
            return Error(400, "Bad Request", "\"shots\" must be between 1 and 100000");
        }

        if (body["metadata"] is JsonObject metadata && (metadata.Count > 10 || metadata.Any(m => m.Key.Length > 40 || m.Value is not JsonValue v || !v.TryGetValue<string>(out var text) || text.Length > 400)))
        {
            return Error(400, "Bad Request", "\"metadata\" takes up to 10 string values, keys up to 40 and values up to 400 characters");
        }

        var gateSet = (string?)input?["gateset"] ?? "qis";
        var circuits = type == "ionq.circuit.v1"
            ? [(input?["qubits"]?.GetValue<int>() ?? 0, input?["circuit"] as JsonArray)]
            : (input?["circuits"] as JsonArray ?? []).Select(c => (c?["qubits"]?.GetValue<int>() ?? input?["qubits"]?.GetValue<int>() ?? 0, c?["circuit"] as JsonArray)).ToList();
        var distributions = new List<Dictionary<string, double>>();
        foreach (var (qubits, gates) in circuits)
        {
            if (gates is null || qubits < 1)
            {
                return Error(400, "Bad Request", "\"input\" needs \"qubits\" and a \"circuit\" array");
            }

            if (qubits > available)
            {
                return Error(400, "Bad Request", $"circuit uses {qubits} qubits, backend {backend} has {available}");
            }

            var problem = Check(gates, gateSet, qubits);
            if (problem is not null)
            {
                return Error(400, "Bad Request", problem);
            }

            distributions.Add(Simulate(gates, qubits));
        }

        var key = (string?)body["metadata"]?[Qxm.Backends.Vendors.IonQ.IonQBackend.KeyField];
        var job = new FakeIonQJob(NextId(), key, body["metadata"]?.DeepClone() as JsonObject, backend!, shots, _clock.GetUtcNow(), distributions,
            distributions.Count > 1 ? [.. distributions.Select(_ => NextId())] : [], type);
        Add(job);
        if (AnswerDelay > TimeSpan.Zero)
        {
            await Task.Delay(AnswerDelay);
        }

        if (AcceptThenFail > 0)
        {
            AcceptThenFail--;
            return Error(504, "Gateway Timeout", "upstream timed out");
        }

        return Results.Json(new { id = job.Id, status = "submitted", request = job.Created.ToUnixTimeSeconds() });
    }

    private IResult List(int? limit, string? next)
    {
        var page = Math.Min(limit ?? 25, PageSize);
        var ordered = _jobs.Values.Where(j => j.Parent is null).OrderByDescending(j => j.Sequence).ToList();
        var start = next is null ? 0 : ordered.FindIndex(j => j.Id == next) + 1;
        var slice = ordered.Skip(start).Take(page).ToList();
        var more = start + slice.Count < ordered.Count;
        return Results.Json(new JsonObject
        {
            ["jobs"] = new JsonArray([.. slice.Select(j => (JsonNode)Describe(j))]),
            ["next"] = more ? slice[^1].Id : null,
        });
    }

    private IResult Get(string id) =>
        _jobs.TryGetValue(id, out var job) ? Results.Json(Describe(job)) : Error(404, "Not Found", $"Job {id} not found");

    private IResult Probabilities(string id)
    {
        if (!_jobs.TryGetValue(id, out var job))
        {
            return Error(404, "Not Found", $"Job {id} not found");
        }

        if (Status(job) != "completed")
        {
            return Error(400, "Bad Request", $"Job {id} has no results: it is {Status(job)}");
        }

        if (job.Children.Count == 0)
        {
            return Results.Json(job.Distributions[0]);
        }

        return Results.Json(job.Children.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => job.Distributions[p.i]));
    }

    private IResult Cancel(string id)
    {
        if (!_jobs.TryGetValue(id, out var job))
        {
            return Error(404, "Not Found", $"Job {id} not found");
        }

        if (Status(job) is "submitted" or "ready" or "running")
        {
            _jobs[id] = job with { Cancelled = true };
        }

        return Results.Json(new { id, status = Status(_jobs[id]) });
    }

    private IResult Backend(string backend) =>
        QubitsOf(backend) is { } qubits
            ? Results.Json(new JsonObject
            {
                ["backend"] = backend, ["status"] = "available", ["qubits"] = qubits, ["average_queue_time"] = 1500,
                ["last_updated"] = _clock.GetUtcNow().ToUnixTimeSeconds(), ["degraded"] = false,
                ["characterization_id"] = backend == "simulator" ? null : "b3c5a8e0-0a4f-4d3c-9b4e-6a1f2d3c4b5a",
            })
            : Error(404, "Not Found", $"Backend {backend} not found");

    private IResult Characterizations(string backend) =>
        backend == "qpu.aria-1"
            ? Results.Text("{\"characterizations\":[" + File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Vendors", "IonQ", "Fixtures", "characterization-aria-1.json")) + "]}", "application/json")
            : Error(404, "Not Found", $"Backend {backend} has no characterizations");

    private JsonObject Describe(FakeIonQJob job)
    {
        var status = Status(job);
        var described = new JsonObject
        {
            ["id"] = job.Id, ["status"] = status, ["backend"] = job.Backend, ["shots"] = job.Shots, ["type"] = job.Type,
            ["request"] = job.Created.ToUnixTimeSeconds(), ["metadata"] = job.Metadata?.DeepClone(),
            ["predicted_execution_end"] = (job.Created + QueueDelay).ToUnixTimeSeconds(),
        };
        if (job.Children.Count > 0)
        {
            described["child_job_ids"] = new JsonArray([.. job.Children.Select(c => (JsonNode)c)]);
        }

        if (status == "completed")
        {
            described["results"] = new JsonObject { ["probabilities"] = new JsonObject { ["url"] = $"/v0.4/jobs/{job.Id}/results/probabilities" } };
            described["execution_time"] = 120;
        }

        return described;
    }

    private string Status(FakeIonQJob job)
    {
        var age = _clock.GetUtcNow() - job.Created;
        return job.Cancelled ? "canceled" : age >= QueueDelay ? "completed" : age >= QueueDelay / 2 ? "running" : "submitted";
    }

    internal static string? Check(JsonArray gates, string gateSet, int qubits)
    {
        if (gateSet is not ("qis" or "native"))
        {
            return $"\"gateset\" must be qis or native, not {gateSet}";
        }

        foreach (var gate in gates.OfType<JsonObject>())
        {
            var name = (string?)gate["gate"] ?? "";
            if (!(gateSet == "native" ? NativeGates : QisGates).Contains(name))
            {
                return $"gate \"{name}\" is not in the {gateSet} gate set";
            }

            var indices = new[] { gate["target"], gate["control"] }.Concat((gate["targets"] as JsonArray) ?? []).Concat((gate["controls"] as JsonArray) ?? [])
                .Where(n => n is not null).Select(n => n!.GetValue<int>());
            if (indices.Any(i => i < 0 || i >= qubits))
            {
                return $"gate \"{name}\" acts on a qubit outside 0..{qubits - 1}";
            }
        }

        return null;
    }

    /// <summary>The exact distribution over whole-register states (decimal, qubit 0 least significant), as IonQ's
    /// simulator answers: the JSON circuit is read back into OpenQASM and simulated by qxm's state-vector engine.</summary>
    internal static Dictionary<string, double> Simulate(JsonArray gates, int qubits)
    {
        var qasm = new StringBuilder($"OPENQASM 3.0;\ninclude \"stdgates.inc\";\ninclude \"ionq.inc\";\nqubit[{qubits}] q;\nbit[{qubits}] c;\n");
        foreach (var gate in gates.OfType<JsonObject>())
        {
            qasm.Append(ToQasm(gate)).Append('\n');
        }

        qasm.Append("c = measure q;\n");
        var parsed = OpenQasmParser.Parse(qasm.ToString(), "ionq.qasm", _ => null);
        var circuit = parsed.Circuit ?? throw new InvalidOperationException(string.Join("; ", parsed.Diagnostics));
        return StateVectorSimulator.Probabilities(circuit)
            .ToDictionary(p => Convert.ToUInt64(p.Key, 2).ToString(CultureInfo.InvariantCulture), p => p.Value, StringComparer.Ordinal);
    }

    private static string ToQasm(JsonObject gate)
    {
        var name = (string)gate["gate"]!;
        var rotation = gate["rotation"]?.GetValue<double>().ToString("R", CultureInfo.InvariantCulture);
        var target = gate["target"]?.GetValue<int>();
        var targets = (gate["targets"] as JsonArray)?.Select(t => t!.GetValue<int>()).ToList();
        var controls = gate["control"] is { } c ? [c.GetValue<int>()] : (gate["controls"] as JsonArray)?.Select(t => t!.GetValue<int>()).ToList() ?? [];
        string Q(int i) => $"q[{i}]";
        switch (name)
        {
            case "gpi" or "gpi2":
                return $"{name}({gate["phase"]!.GetValue<double>().ToString("R", CultureInfo.InvariantCulture)}) {Q(target!.Value)};";
            case "ms":
                var phases = ((JsonArray)gate["phases"]!).Select(p => p!.GetValue<double>().ToString("R", CultureInfo.InvariantCulture));
                return $"ms({string.Join(", ", phases)}) {Q(targets![0])}, {Q(targets[1])};";
            case "swap":
                return $"swap {Q(targets![0])}, {Q(targets[1])};";
            case "xx" or "yy" or "zz":
                return $"r{name}({rotation}) {Q(targets![0])}, {Q(targets[1])};";
        }

        var single = name switch { "si" => "sdg", "ti" => "tdg", "v" => "sx", "vi" => "sxdg", "cnot" or "not" => "x", _ => name };
        var call = rotation is null ? single : $"{single}({rotation})";
        return controls.Count switch
        {
            0 => $"{call} {Q(target!.Value)};",
            1 => $"c{call} {Q(controls[0])}, {Q(target!.Value)};",
            2 when single == "x" => $"ccx {Q(controls[0])}, {Q(controls[1])}, {Q(target!.Value)};",
            _ => throw new InvalidOperationException($"the fake does not simulate {name} with {controls.Count} controls"),
        };
    }

    private static int? QubitsOf(string? backend) => backend switch
    {
        "simulator" => int.Parse(SimulatorQubitsText, CultureInfo.InvariantCulture),
        "qpu.aria-1" => 25,
        _ => null,
    };

    private static IResult Error(int status, string error, string message) =>
        Results.Json(new { error, message, statusCode = status }, statusCode: status);

    private string NextId() => $"0193{Interlocked.Increment(ref _sequence):x4}-7a1c-7d2e-8f00-{Guid.NewGuid().ToString("N")[..12]}";

    private void Add(FakeIonQJob job) => _jobs[job.Id] = job with { Sequence = Interlocked.Increment(ref _sequence) };
}
