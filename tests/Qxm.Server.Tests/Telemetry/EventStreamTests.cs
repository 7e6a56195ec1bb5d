using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Telemetry;

public sealed class EventStreamTests
{
    private const string Tiny = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[1];\ncreg c[1];\nx q[0];\nmeasure q -> c;\n";

    private static readonly string[] Lifecycle = ["submitted>validated", "validated>queued", "queued>running", "running>succeeded"];

    [Fact]
    public async Task Events_ThousandRuns_EveryStateChangeInOrderAcrossAReconnectWithLastEventId()
    {
        const int Runs = 1000;
        // A thousand submissions from one principal: past the per-principal rate limit, which this test is not about.
        await using var server = await RunningServer.StartAsync(workers: 8, configure: o => o with { Limits = o.Limits with { RequestsPerSecond = 0 } });
        using var http = server.ClientWith(server.AdminKey);
        http.Timeout = Timeout.InfiniteTimeSpan;
        var seen = new List<(long Id, string Run, string Change)>();

        // The first connection reads part of the stream and drops; the second resumes after the last event it saw.
        using var firstStop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var first = ReadAsync(http, null, seen, () => seen.Count >= Runs, firstStop.Token);
        var ids = new string[Runs];
        await Parallel.ForEachAsync(Enumerable.Range(0, Runs), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            var run = await server.SubmitAcceptedAsync(Experiments.Json(Tiny, shots: 1, name: "tiny", seed: (ulong)i + 1), "application/json");
            ids[i] = run.Id;
        });
        await first;
        Assert.True(seen.Count >= Runs, "the first connection read its share");

        using var secondStop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var done = ids.ToHashSet(StringComparer.Ordinal);
        await ReadAsync(http, seen[^1].Id, seen, () => seen.Count(e => e.Change == "running>succeeded") == Runs, secondStop.Token);

        Assert.Equal(Runs * Lifecycle.Length, seen.Count);
        Assert.True(seen.Zip(seen.Skip(1)).All(p => p.First.Id < p.Second.Id), "event numbers grow without repeats");
        foreach (var run in seen.GroupBy(e => e.Run))
        {
            Assert.Contains(run.Key, done);
            Assert.Equal(Lifecycle, run.Select(e => e.Change));
        }

        // Nothing was skipped: the stream's numbers are exactly the log's.
        var all = new List<(long Id, string Run, string Change)>();
        await ReadAsync(http, 0, all, () => false, CancellationToken.None, follow: false);
        Assert.Equal(all.Select(e => e.Id), seen.Select(e => e.Id));
    }

    [Fact]
    public async Task Events_StreamOutlivesTheRequestTimeout()
    {
        // With every request cut at 1 s, a follower must still see a run submitted well after that on the same connection.
        await using var server = await RunningServer.StartAsync(configure: o => o with { Limits = o.Limits with { RequestTimeout = TimeSpan.FromSeconds(1) } });
        using var http = server.ClientWith(server.AdminKey);
        http.Timeout = Timeout.InfiniteTimeSpan;
        var seen = new List<(long Id, string Run, string Change)>();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        string? runId = null;
        var reader = ReadAsync(http, null, seen, () => seen.Any(e => e.Run == Volatile.Read(ref runId) && e.Change == "running>succeeded"), stop.Token);

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.False(reader.IsCompleted, "the stream ended at the request timeout");
        Volatile.Write(ref runId, (await server.SubmitAcceptedAsync(Experiments.Json(Tiny, shots: 5), "application/json")).Id);
        await reader;

        Assert.Contains(seen, e => e.Run == runId && e.Change == "running>succeeded");
    }

    [Fact]
    public async Task Events_InvalidLastEventId_Is400Problem()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/events");
        request.Headers.Add("Last-Event-ID", "yesterday");

        using var response = await server.Client.SendAsync(request);

        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("yesterday", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_Run_PrintsItsChangesAndEndsWhenItSucceeds()
    {
        await using var server = await RunningServer.StartAsync();
        var run = await server.SubmitAcceptedAsync(Experiments.Json(Tiny, shots: 5), "application/json");

        using var credentials = await CredentialsFile.WriteAsync(server.AdminKey!);

        var outcome = await CliOutcome.RunAsync("--server", server.Url.ToString(), "--credentials", credentials.Path, "watch", run.Id);

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Contains($"{run.Id}  sim.statevector  queued -> running", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("running -> succeeded", outcome.Stdout, StringComparison.Ordinal);
    }

    private static async Task ReadAsync(
        HttpClient http, long? lastEventId, List<(long, string, string)> seen, Func<bool> enough, CancellationToken cancellationToken, bool follow = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, follow ? "/api/v1/events" : "/api/v1/events?follow=false");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is { } id)
        {
            request.Headers.Add("Last-Event-ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken), Encoding.UTF8);
        long? eventId = null;
        while (!enough() && await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                eventId = long.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                using var data = JsonDocument.Parse(line[6..]);
                var e = data.RootElement;
                Assert.Equal(eventId, e.GetProperty("sequence").GetInt64());
                seen.Add((eventId!.Value, e.GetProperty("runId").GetString()!, $"{e.GetProperty("from").GetString()}>{e.GetProperty("to").GetString()}"));
            }
        }
    }
}
