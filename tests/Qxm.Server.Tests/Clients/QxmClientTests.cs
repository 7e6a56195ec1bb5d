using System.Net;
using System.Net.Sockets;
using Qxm.Client;
using Qxm.Client.Errors;
using Qxm.Client.Wire;
using Qxm.Domain.Runs;
using Qxm.Domain.Security;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Clients;

/// <summary>The .NET client against a real <c>qxm serve</c> on loopback: what a user of the package sees.</summary>
public sealed class QxmClientTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task SubmitWaitResults_BellAsYaml_SucceedsWithOnlyCorrelatedOutcomes()
    {
        await using var server = await RunningServer.StartAsync();
        using var client = new QxmClient(server.Url, server.AdminKey);
        using var deadline = new CancellationTokenSource(Deadline);

        var submission = await client.SubmitAsync(ExperimentSource.Yaml(Experiments.Yaml(Experiments.BellCircuit, shots: 500, name: "client-bell")), cancellationToken: deadline.Token);
        var states = new List<RunState>();
        var run = await client.WaitAsync(submission.Run.Id, new SynchronousProgress(r => states.Add(r.State)), deadline.Token);
        var result = await client.GetResultsAsync(run.Id, deadline.Token);
        var provenance = await client.GetProvenanceAsync(run.Id, deadline.Token);
        var backends = await client.ListBackendsAsync(deadline.Token);

        Assert.False(submission.Replayed);
        Assert.Equal(RunState.Succeeded, run.State);
        Assert.Equal(RunState.Succeeded, states[^1]);
        Assert.Equal(states.Count, states.Distinct().Count());
        var counts = Assert.Single(result.Points).Counts;
        Assert.All(counts.Keys, outcome => Assert.Contains(outcome, new[] { "00", "11" }));
        Assert.Equal(500, counts.Values.Sum());
        Assert.Equal(run.Fingerprint, provenance.Fingerprint);
        Assert.Contains(backends, b => b.Id == run.Backend);
    }

    [Fact]
    public async Task Submit_OpenQasmAndIdempotencyKey_NamesTheExperimentAndReplaysTheSameRun()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);
        using var client = new QxmClient(server.Url, server.AdminKey);
        var source = ExperimentSource.OpenQasm(Experiments.BellCircuit, name: "qasm-bell", shots: 64, seed: 5);

        var first = await client.SubmitAsync(source, "client-key-1");
        var again = await client.SubmitAsync(source, "client-key-1");

        Assert.Equal("qasm-bell", first.Run.Name);
        Assert.Equal(64, first.Run.Shots);
        Assert.Equal(RunState.Queued, first.Run.State);
        Assert.True(again.Replayed);
        Assert.Equal(first.Run.Id, again.Run.Id);
    }

    [Fact]
    public async Task Errors_EachRefusal_ThrowsItsKindWithTheServersProblemDetails()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);
        using var admin = new QxmClient(server.Url, server.AdminKey);
        using var stranger = new QxmClient(server.Url, "qxm_not-a-key");
        using var viewer = new QxmClient(server.Url, await server.CreateKeyAsync("viewer", Role.Viewer));
        var queued = (await admin.SubmitAsync(ExperimentSource.Json(Experiments.Json(Experiments.BellCircuit)))).Run;

        var invalid = await Assert.ThrowsAsync<QxmApiException>(() => admin.SubmitAsync(ExperimentSource.Json(Experiments.Json("OPENQASM 2.0;\nqreg q[1];\nfoo q[0];\n"))));
        var unauthenticated = await Assert.ThrowsAsync<QxmApiException>(() => stranger.GetRunAsync(queued.Id));
        var forbidden = await Assert.ThrowsAsync<QxmApiException>(() => viewer.SubmitAsync(ExperimentSource.Json(Experiments.Json(Experiments.BellCircuit))));
        var notFound = await Assert.ThrowsAsync<QxmApiException>(() => admin.GetRunAsync("run-that-does-not-exist"));
        var notFinished = await Assert.ThrowsAsync<QxmApiException>(() => admin.GetResultsAsync(queued.Id));

        Assert.Equal((HttpStatusCode.BadRequest, ApiErrorKind.Invalid, ProblemTypes.InvalidExperiment), (invalid.Status, invalid.Kind, invalid.Problem.Type));
        var diagnostic = Assert.Single(invalid.Problem.Diagnostics, d => d.IsError);
        Assert.Equal(3, diagnostic.Line);
        Assert.True(diagnostic.Column > 0);
        Assert.Equal((HttpStatusCode.Unauthorized, ApiErrorKind.Unauthenticated, ProblemTypes.Unauthenticated), (unauthenticated.Status, unauthenticated.Kind, unauthenticated.Problem.Type));
        Assert.Equal((HttpStatusCode.Forbidden, ApiErrorKind.Forbidden, ProblemTypes.Forbidden), (forbidden.Status, forbidden.Kind, forbidden.Problem.Type));
        Assert.Equal((HttpStatusCode.NotFound, ApiErrorKind.NotFound, ProblemTypes.RunNotFound), (notFound.Status, notFound.Kind, notFound.Problem.Type));
        Assert.Equal((HttpStatusCode.Conflict, ApiErrorKind.Conflict, ProblemTypes.RunNotFinished), (notFinished.Status, notFinished.Kind, notFinished.Problem.Type));
        Assert.All(new[] { invalid, unauthenticated, forbidden, notFound, notFinished }, e => Assert.False(string.IsNullOrWhiteSpace(e.Problem.Detail)));
    }

    [Fact]
    public async Task Cancel_QueuedRun_CancelsItAndASecondCancelIsAConflict()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);
        using var client = new QxmClient(server.Url, server.AdminKey);
        var run = (await client.SubmitAsync(ExperimentSource.Json(Experiments.Json(Experiments.BellCircuit)))).Run;

        var cancelled = await client.CancelAsync(run.Id);
        var again = await Assert.ThrowsAsync<QxmApiException>(() => client.CancelAsync(run.Id));

        Assert.Equal(RunState.Cancelled, cancelled.State);
        Assert.Equal(RunState.Cancelled, (await client.GetRunAsync(run.Id)).State);
        Assert.Equal((ApiErrorKind.Conflict, ProblemTypes.RunAlreadyFinished), (again.Kind, again.Problem.Type));
    }

    [Fact]
    public async Task ListRuns_PagesOfTwo_FollowCursorsThroughEveryMatchingRunOnce()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);
        using var client = new QxmClient(server.Url, server.AdminKey);
        var submitted = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            submitted.Add((await client.SubmitAsync(ExperimentSource.Json(Experiments.Json(Experiments.BellCircuit, name: "paged", seed: (ulong)i)))).Run.Id);
        }

        await client.SubmitAsync(ExperimentSource.Json(Experiments.Json(Experiments.BellCircuit, name: "other")));
        var filter = new RunFilter { Name = "paged", PageSize = 2, OldestFirst = true };

        var first = await client.ListRunsAsync(filter);
        var second = await client.ListRunsAsync(filter, first.NextCursor);
        var all = new List<Run>();
        await foreach (var run in client.SearchRunsAsync(filter))
        {
            all.Add(run);
            Assert.True(all.Count <= 10, "the search did not end");
        }

        Assert.Equal(submitted.Take(2), first.Runs.Select(r => r.Id));
        Assert.Equal(submitted.Skip(2).Take(2), second.Runs.Select(r => r.Id));
        Assert.NotNull(first.NextCursor);
        Assert.Equal(submitted, all.Select(r => r.Id));
    }

    [Fact]
    public async Task Events_FollowingARun_SeesItsStateChangesInOrderUntilItSucceeds()
    {
        await using var server = await RunningServer.StartAsync();
        using var client = new QxmClient(server.Url, server.AdminKey);
        using var deadline = new CancellationTokenSource(Deadline);
        var run = (await client.SubmitAsync(ExperimentSource.Json(Experiments.Json(Experiments.BellCircuit)), cancellationToken: deadline.Token)).Run;

        var seen = new List<EventView>();
        await foreach (var e in client.EventsAsync(new EventQuery(RunId: run.Id), cancellationToken: deadline.Token))
        {
            seen.Add(e);
            if (e.To == "succeeded" || seen.Count > 100)
            {
                break;
            }
        }

        var finite = new List<EventView>();
        await foreach (var e in client.EventsAsync(new EventQuery(RunId: run.Id), follow: false, cancellationToken: deadline.Token))
        {
            finite.Add(e);
        }

        Assert.Equal("succeeded", seen[^1].To);
        Assert.All(seen, e => Assert.Equal(run.Id, e.RunId));
        Assert.Equal(seen.Select(e => e.Sequence).Order(), seen.Select(e => e.Sequence));
        Assert.Equal(seen.Select(e => e.Sequence), finite.Select(e => e.Sequence));
    }

    [Fact]
    public async Task AnyCall_NothingListening_ThrowsUnreachable()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var client = new QxmClient(new Uri($"http://127.0.0.1:{port}/"), "key");

        var e = await Assert.ThrowsAsync<QxmUnreachableException>(() => client.GetRunAsync("any"));

        Assert.Contains($"127.0.0.1:{port}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wait_Cancelled_StopsWithTheCallersToken()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);
        using var client = new QxmClient(server.Url, server.AdminKey, options: new QxmClientOptions { PollInterval = TimeSpan.FromMilliseconds(20) });
        var run = (await client.SubmitAsync(ExperimentSource.Json(Experiments.Json(Experiments.BellCircuit)))).Run;
        using var cancel = new CancellationTokenSource();

        var wait = client.WaitAsync(run.Id, cancellationToken: cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
        Assert.Equal(RunState.Queued, (await client.GetRunAsync(run.Id)).State);
    }

    /// <summary>Reports on the caller's thread, unlike <see cref="Progress{T}"/>, which posts to the thread pool.</summary>
    private sealed class SynchronousProgress(Action<Run> report) : IProgress<Run>
    {
        public void Report(Run value) => report(value);
    }
}
