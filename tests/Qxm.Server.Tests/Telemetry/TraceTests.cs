using System.Diagnostics;
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
        foreach (var name in (string[])["qxm.submit", "qxm.validate", "qxm.admit", "qxm.dispatch", "qxm.backend.submit", "qxm.backend.result", "qxm.ingest"])
        {
            Assert.True(byName.ContainsKey(name), $"no {name} span among {string.Join(", ", byName.Keys)}");
        }

        // One tree: the HTTP server span hangs under the caller's span, every other span under one of the trace's own.
        var ids = spans.Select(s => s.SpanId).ToHashSet();
        var roots = spans.Where(s => !ids.Contains(s.ParentSpanId)).ToList();
        Assert.Equal([callerSpan], roots.Select(r => r.ParentSpanId));
        Assert.Equal(ActivityKind.Server, roots[0].Kind);
        Assert.Equal(byName["qxm.submit"].SpanId, byName["qxm.validate"].ParentSpanId);
        Assert.Equal(byName["qxm.submit"].SpanId, byName["qxm.admit"].ParentSpanId);

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
}
