using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
using Qxm.Domain.Runs;
using Qxm.Server.Json;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Telemetry;

public sealed class TraceTests
{
    [Fact]
    public async Task Run_SubmittedWithTraceParent_SpansFormOneTreeFromSubmissionToIngest()
    {
        var exported = new LockedCollection<Activity>();
        using var home = new TempDirectory();
        await using var app = await QxmServer.BuildAsync(
            new ServerOptions
            {
                Urls = "http://127.0.0.1:0",
                Home = home.Path,
                MinimumLogLevel = LogLevel.Warning,
                NoAuth = true,
                ConfigureTracing = tracing => tracing.AddInMemoryExporter(exported),
            },
            CancellationToken.None);
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = QxmServer.ListeningUrl(app) };
        var traceId = ActivityTraceId.CreateRandom();
        var callerSpan = ActivitySpanId.CreateRandom();
        // A scrape carrying a sampled trace of its own: were it traced, its span would be exported under that trace id.
        var scrapeTraceId = ActivityTraceId.CreateRandom();
        using (var scrapeRequest = new HttpRequestMessage(HttpMethod.Get, "/metrics"))
        {
            scrapeRequest.Headers.Add("traceparent", $"00-{scrapeTraceId}-{ActivitySpanId.CreateRandom()}-01");
            using var scrape = await client.SendAsync(scrapeRequest);
            Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/runs")
        {
            Content = new StringContent(Experiments.Json(Experiments.BellCircuit, shots: 10), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{callerSpan}-01");
        using var response = await client.SendAsync(request);
        var run = JsonSerializer.Deserialize<Run>(await response.Content.ReadAsStringAsync(), ApiJson.Options)!;

        Assert.Equal(traceId.ToHexString(), run.TraceId);
        var spans = await Eventually.WaitForAsync(
            () => Task.FromResult(exported.Snapshot().Where(a => a.TraceId == traceId).ToList()),
            s => s.Any(a => a.OperationName == "qxm.dispatch"),
            "the run's dispatch span");
        var byName = spans.GroupBy(s => s.OperationName).ToDictionary(g => g.Key, g => g.Single());
        foreach (var name in (string[])["qxm.submit", "qxm.dispatch", "qxm.backend.submit", "qxm.backend.result", "qxm.ingest"])
        {
            Assert.True(byName.ContainsKey(name), $"no {name} span among {string.Join(", ", byName.Keys)}");
        }

        // One tree: the HTTP server span hangs under the caller's span, every other span under one of the trace's own.
        var ids = spans.Select(s => s.SpanId).ToHashSet();
        var roots = spans.Where(s => !ids.Contains(s.ParentSpanId)).ToList();
        Assert.Equal([callerSpan], roots.Select(r => r.ParentSpanId));
        Assert.Equal(ActivityKind.Server, roots[0].Kind);
        Assert.Equal(roots[0].SpanId, byName["qxm.submit"].ParentSpanId);

        // ASP.NET Core's request span, named and tagged by route and status; the Prometheus scrape before it is not traced.
        // The route is the endpoint's pattern as ASP.NET Core's request metric labels it (a group's prefix and "").
        Assert.Equal("POST /api/v1/runs/", roots[0].DisplayName);
        Assert.Equal(
            ("POST", "/api/v1/runs/", 202),
            (roots[0].GetTagItem("http.request.method"), roots[0].GetTagItem("http.route"), roots[0].GetTagItem("http.response.status_code")));
        // The exporter sees every server in this test process (the activity source is process-wide), so the scrape is found
        // by its own trace id rather than by counting server spans.
        Assert.DoesNotContain(exported.Snapshot(), a => a.TraceId == scrapeTraceId);
        Assert.Single(spans, s => s.Kind == ActivityKind.Server);

        // Validation and admission are timed events of the submission's span, in that order, inside it.
        var submit = byName["qxm.submit"];
        var phases = submit.Events.ToList();
        Assert.Equal(["qxm.validate", "qxm.admit"], phases.Select(e => e.Name));
        Assert.Equal(["valid", "Created"], phases.Select(e => e.Tags.Single(t => t.Key == "qxm.outcome").Value));
        Assert.All(phases, e =>
        {
            var seconds = Assert.IsType<double>(e.Tags.Single(t => t.Key == "qxm.duration_s").Value);
            Assert.InRange(seconds, 0, submit.Duration.TotalSeconds);
            Assert.InRange(e.Timestamp.UtcDateTime, submit.StartTimeUtc, submit.StartTimeUtc + submit.Duration);
        });
        Assert.True(phases[0].Timestamp <= phases[1].Timestamp, "validation is timed before admission");

        // Dispatch joins the submission's trace from the context stored on the run, not from the request's flow.
        Assert.Equal(byName["qxm.submit"].SpanId, byName["qxm.dispatch"].ParentSpanId);
        foreach (var child in (string[])["qxm.backend.submit", "qxm.backend.result", "qxm.ingest"])
        {
            Assert.Equal(byName["qxm.dispatch"].SpanId, byName[child].ParentSpanId);
        }

        foreach (var name in (string[])["qxm.submit", "qxm.dispatch", "qxm.backend.submit", "qxm.ingest"])
        {
            Assert.Equal(run.Id, byName[name].GetTagItem("qxm.run.id"));
        }

        Assert.Equal("sim.statevector", byName["qxm.dispatch"].GetTagItem("qxm.backend"));
        Assert.Equal("succeeded", byName["qxm.dispatch"].GetTagItem("qxm.outcome"));
        Assert.Equal("recorded", byName["qxm.ingest"].GetTagItem("qxm.outcome"));
        Assert.Equal(ActivityKind.Client, byName["qxm.backend.submit"].Kind);
        await app.StopAsync();
    }

    /// <summary>A run on a remote fake device whose token expires every two calls, exported through OTLP/HTTP to a
    /// receiver in the test: dispatch, calibration binding, every backend call (the one refused for the expired token
    /// and its retry among them) and ingest hang under the submission's trace.</summary>
    [Fact]
    public async Task RemoteRun_ExportedThroughOtlp_EveryBackendCallAttemptIsASpanUnderDispatch()
    {
        using var receiver = new OtlpReceiver();
        using var home = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(home.Path, "devices"));
        await File.WriteAllTextAsync(Path.Combine(home.Path, "devices", "remote.json"), """
            { "name": "remote", "qubits": 2, "maxShots": 1000, "maxCircuits": 10,
              "operations": [ { "name": "x" }, { "name": "cx" } ],
              "coupling": { "edges": [ [0, 1] ] },
              "calibration": { "takenAt": "2026-12-01T00:00:00Z", "t1Us": 100, "t2Us": 80, "readoutError": 0.01 },
              "queue": { "delaySeconds": 0.2 },
              "faults": { "seed": 1, "authExpiredEvery": 2 } }
            """);
        await using var app = await QxmServer.BuildAsync(
            new ServerOptions
            {
                Urls = "http://127.0.0.1:0",
                Home = home.Path,
                MinimumLogLevel = LogLevel.Warning,
                NoAuth = true,
                OtlpEndpoint = receiver.Url,
            },
            CancellationToken.None);
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = QxmServer.ListeningUrl(app) };
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/runs")
        {
            Content = new StringContent(
                Experiments.Json("OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] q;\nbit[2] c;\nx q[0];\ncx q[0], q[1];\nc = measure q;\n", shots: 10,
                    edit: d => d["backend"] = "fake.remote"),
                Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        using var response = await client.SendAsync(request);
        var run = JsonSerializer.Deserialize<Run>(await response.Content.ReadAsStringAsync(), ApiJson.Options)!;

        var spans = await Eventually.WaitForAsync(
            () => Task.FromResult(receiver.Spans.Where(a => a.TraceId == traceId.ToHexString()).ToList()),
            s => s.Any(a => a.Name == "qxm.ingest") && s.Any(a => a.Name == "qxm.dispatch"),
            "the run's spans through OTLP");
        var dispatch = Assert.Single(spans, s => s.Name == "qxm.dispatch");
        var submit = Assert.Single(spans, s => s.Name == "qxm.submit");
        Assert.Equal(submit.SpanId, dispatch.ParentSpanId);
        Assert.Equal(run.Id, dispatch.Attributes["qxm.run.id"]);
        Assert.Equal("fake.remote", dispatch.Attributes["qxm.backend"]);
        var calls = spans.Where(s => s.Name.StartsWith("qxm.backend.", StringComparison.Ordinal)).ToList();
        foreach (var name in (string[])["qxm.calibration.bind", "qxm.backend.submit", "qxm.backend.status", "qxm.backend.result", "qxm.ingest"])
        {
            Assert.Contains(spans, s => s.Name == name);
        }

        // The device's calibration is asked for while binding it, through the run's resilience pipeline: that call nests
        // under the bind span; every other call, the bind and the ingest are the dispatch's children.
        var bind = Assert.Single(spans, s => s.Name == "qxm.calibration.bind");
        Assert.All(spans.Where(s => s.Name.StartsWith("qxm.backend.", StringComparison.Ordinal) || s.Name is "qxm.ingest" or "qxm.calibration.bind"),
            s => Assert.Equal(s.Name == "qxm.backend.calibration" ? bind.SpanId : dispatch.SpanId, s.ParentSpanId));
        Assert.All(calls, c => Assert.Equal((3, run.Id), (c.Kind, c.Attributes["qxm.run.id"])));
        // Every third call meets the expired token: an error span, then the same operation again after the refresh.
        var failed = calls.Where(c => c.Status == 2).ToList();
        Assert.NotEmpty(failed);
        Assert.All(failed, f => Assert.Contains(calls, c => c.Name == f.Name && c.Status != 2));
        await app.StopAsync();
    }
}
