using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Qxm.Backends.Contract;
using Qxm.Backends.Vendors;
using Qxm.Backends.Vendors.IonQ;
using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;

namespace Qxm.Engine.Tests.Vendors.IonQ;

/// <summary>What the IonQ adapter sends and how it reads IonQ's answers, checked by the fake IonQ on loopback.</summary>
public sealed class IonQBackendTests : IAsyncLifetime
{
    private const string Bell = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] q;\nbit[2] c;\nh q[0];\ncx q[0], q[1];\nc = measure q;\n";
    private const string Ghz5 = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[5] q;\nbit[5] c;\nh q[0];\ncx q[0], q[1];\ncx q[1], q[2];\ncx q[2], q[3];\ncx q[3], q[4];\nc = measure q;\n";
    private static readonly HttpClient Client = new();

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private FakeIonQServer _server = null!;
    private string _key = "";

    public async Task InitializeAsync()
    {
        _server = await FakeIonQServer.StartAsync(_clock);
        _key = _server.ApiKey;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Submit_Bell_SendsAQisCircuitWithTheShotsTheKeyAndTheRunId()
    {
        var backend = Backend("simulator");

        await backend.SubmitAsync(new BackendJob("run-bell", [Parse(Bell)], 1000, 1), "qxm-run-bell@ionq.simulator", default);

        var body = Assert.Single(_server.Bodies);
        Assert.Equal("ionq.circuit.v1", (string?)body["type"]);
        Assert.Equal("simulator", (string?)body["backend"]);
        Assert.Equal(1000, (int)body["shots"]!);
        Assert.Equal(2, (int)body["input"]!["qubits"]!);
        Assert.Equal("qis", (string?)body["input"]!["gateset"]);
        Assert.Equal("""[{"gate":"h","target":0},{"gate":"cnot","control":0,"target":1}]""", body["input"]!["circuit"]!.ToJsonString());
        Assert.Equal("qxm-run-bell@ionq.simulator", (string?)body["metadata"]![IonQBackend.KeyField]);
        Assert.Equal("run-bell", (string?)body["metadata"]![IonQBackend.RunField]);
        Assert.True(_server.RunIds.ContainsKey("run-bell"));
    }

    [Fact]
    public async Task Submit_IonQNativeGates_SendsTheNativeGateSetWithPhasesInTurns()
    {
        var backend = Backend("qpu.aria-1");
        var native = Parse("OPENQASM 3.0;\ninclude \"ionq.inc\";\nqubit[2] q;\nbit[2] c;\ngpi2(0.25) q[0];\nms(0, 0.5) q[0], q[1];\ngpi(0.125) q[1];\nc = measure q;\n");

        await backend.SubmitAsync(new BackendJob("run-native", [native], 100, 1), "k-native", default);

        var input = Assert.Single(_server.Bodies)["input"]!;
        Assert.Equal("native", (string?)input["gateset"]);
        Assert.Equal("""[{"gate":"gpi2","target":0,"phase":0.25},{"gate":"ms","targets":[0,1],"phases":[0,0.5]},{"gate":"gpi","target":1,"phase":0.125}]""",
            input["circuit"]!.ToJsonString());
    }

    [Fact]
    public async Task Result_BellAndGhz5_CountsNormalisedToClbitsSummingToTheShots()
    {
        var backend = Backend("simulator");

        var bell = await RunAsync(backend, Bell, 1000);
        var ghz = await RunAsync(backend, Ghz5, 1000);

        Assert.Equal(new Dictionary<string, long> { ["00"] = 500, ["11"] = 500 }, bell);
        Assert.Equal(new Dictionary<string, long> { ["00000"] = 500, ["11111"] = 500 }, ghz);
    }

    [Fact]
    public async Task Result_MeasuredIntoOtherClbits_MapsEachQubitToItsClbit_EvenAfterARestart()
    {
        var circuit = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[3] q;\nbit[2] c;\nx q[2];\nc[0] = measure q[2];\nc[1] = measure q[0];\n";
        var jobId = await Backend("simulator").SubmitAsync(new BackendJob("run-map", [Parse(circuit)], 10, 1), "k-map", default);
        _clock.Advance(_server.QueueDelay);

        // A new adapter, as in a new process: what the circuit measured comes back from the job's metadata.
        var result = await Backend("simulator").GetResultAsync(jobId, default);

        Assert.Equal(new Dictionary<string, long> { ["01"] = 10 }, Assert.Single(result.Counts));
    }

    [Fact]
    public async Task Submit_SeveralCircuits_OneMultiCircuitJob_CountsInCircuitOrder()
    {
        var backend = Backend("simulator");
        var flip = Parse("OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[1] q;\nbit[1] c;\nx q[0];\nc[0] = measure q[0];\n");
        var idle = Parse("OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[1] q;\nbit[1] c;\nc[0] = measure q[0];\n");

        var jobId = await backend.SubmitAsync(new BackendJob("run-multi", [flip, idle, flip], 20, 1), "k-multi", default);
        _clock.Advance(_server.QueueDelay);
        var result = await backend.GetResultAsync(jobId, default);

        Assert.Equal("ionq.multi-circuit.v1", (string?)Assert.Single(_server.Bodies)["type"]);
        Assert.Equal(["1", "0", "1"], result.Counts.Select(c => Assert.Single(c).Key));
    }

    [Theory]
    [InlineData("qubit[2] q;\nbit[2] c;\nh q[0];\nc[0] = measure q[0];\nx q[0];\nc[1] = measure q[0];\n", "after it was measured")]
    [InlineData("qubit[1] q;\nbit[1] c;\nreset q[0];\nc[0] = measure q[0];\n", "a reset")]
    [InlineData("qubit[3] q;\ncswap q[0], q[1], q[2];\n", "no 'cswap'")]
    [InlineData("qubit[2] q;\ngpi(0) q[0];\ncx q[0], q[1];\n", "every gate must be gpi, gpi2 or ms")]
    public async Task Submit_WhatIonQCannotRun_IsInvalidInput_BeforeAnyCall(string body, string reason)
    {
        var circuit = Parse("OPENQASM 3.0;\ninclude \"stdgates.inc\";\ninclude \"ionq.inc\";\n" + body);

        var error = await Assert.ThrowsAsync<BackendException>(() => Backend("simulator").SubmitAsync(new BackendJob("r", [circuit], 10, 1), "k", default));

        Assert.Equal(BackendErrorKind.InvalidInput, error.Kind);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _server.Calls);
    }

    [Fact]
    public async Task Errors_AreClassified_WithRetryAfterAndTheRawAnswer()
    {
        var backend = Backend("simulator");
        var job = new BackendJob("r", [Parse(Bell)], 10, 1);

        _server.FailNext(429, retryAfterSeconds: 7);
        var limited = await Assert.ThrowsAsync<BackendException>(() => backend.SubmitAsync(job, "k1", default));
        _server.FailNext(503, retryAfterSeconds: 30);
        var down = await Assert.ThrowsAsync<BackendException>(() => backend.SubmitAsync(job, "k2", default));
        _server.FailNext(500);
        var broken = await Assert.ThrowsAsync<BackendException>(() => backend.SubmitAsync(job, "k3", default));
        var unknown = await Assert.ThrowsAsync<BackendException>(() => backend.GetStatusAsync("00000000-0000-0000-0000-000000000000", default));

        Assert.Equal((BackendErrorKind.RateLimited, TimeSpan.FromSeconds(7)), (limited.Kind, limited.RetryAfter));
        Assert.Contains("\"statusCode\":429", System.Text.Encoding.UTF8.GetString(limited.RawAnswer!.Value.Span), StringComparison.Ordinal);
        Assert.Equal((BackendErrorKind.DeviceUnavailable, TimeSpan.FromSeconds(30)), (down.Kind, down.RetryAfter));
        Assert.Equal(BackendErrorKind.Transient, broken.Kind);
        Assert.Equal(BackendErrorKind.InvalidInput, unknown.Kind);
        Assert.Contains("not found", unknown.Message, StringComparison.Ordinal);
        Assert.Equal(0, _server.JobsWithKey("k1") + _server.JobsWithKey("k2") + _server.JobsWithKey("k3"));
    }

    [Fact]
    public async Task RevokedKey_IsAuthExpired_AndARefreshReadsTheRotatedKey_WhichNeverAppearsInAMessage()
    {
        var backend = Backend("simulator");
        var job = new BackendJob("r", [Parse(Bell)], 10, 1);
        await backend.SubmitAsync(job, "k-before", default);

        _server.ApiKey = "ionq-rotated-key-91c2";
        var expired = await Assert.ThrowsAsync<BackendException>(() => backend.SubmitAsync(job, "k-after", default));
        _key = _server.ApiKey;
        await ((ICredentialRefresh)backend).RefreshCredentialsAsync(default);
        await backend.SubmitAsync(job, "k-after", default);

        Assert.Equal(BackendErrorKind.AuthExpired, expired.Kind);
        Assert.DoesNotContain("ionq-", expired.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ionq-", backend.Info.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, _server.JobsWithKey("k-after"));
    }

    [Fact]
    public async Task FindJob_PagesThroughTheJobList_AndALostAnswerIsFoundByItsKey()
    {
        var backend = Backend("simulator");
        _server.PageSize = 2;
        _server.AcceptThenFail = 1;

        var lost = await Assert.ThrowsAsync<BackendException>(() => backend.SubmitAsync(new BackendJob("r", [Parse(Bell)], 10, 1), "k-lost", default));
        for (var i = 0; i < 7; i++)
        {
            _server.AddForeignJob();
        }

        var found = await backend.FindJobAsync("k-lost", default);

        Assert.Equal(BackendErrorKind.Transient, lost.Kind);
        Assert.NotNull(found);
        Assert.Equal(BackendJobStatus.Queued, (await backend.GetStatusAsync(found, default)).Status);
        Assert.Null(await backend.FindJobAsync("k-never", default));
        Assert.Equal(1, _server.JobsWithKey("k-lost"));
    }

    [Fact]
    public async Task Status_FollowsIonQsStates_AndCancelStopsAQueuedJob()
    {
        var backend = Backend("simulator");
        var jobId = await backend.SubmitAsync(new BackendJob("r", [Parse(Bell)], 10, 1), "k-states", default);

        var submitted = await backend.GetStatusAsync(jobId, default);
        _clock.Advance(_server.QueueDelay / 2);
        var running = await backend.GetStatusAsync(jobId, default);
        await backend.CancelAsync(jobId, default);
        var cancelled = await backend.GetStatusAsync(jobId, default);

        Assert.Equal(BackendJobStatus.Queued, submitted.Status);
        Assert.Equal(_clock.GetUtcNow() + (_server.QueueDelay / 2), running.EstimatedReadyAt);
        Assert.Equal(BackendJobStatus.Running, running.Status);
        Assert.Equal(BackendJobStatus.Cancelled, cancelled.Status);
    }

    private IBackend Backend(string device) =>
        VendorBackends.Create(
            new RemoteBackendOptions("ionq." + device, RemoteBackendOptions.IonQ, device, _server.Endpoint, VendorCredential.FromEnvironment("IONQ_API_KEY", _ => _key)),
            Client, _clock);

    private async Task<IReadOnlyDictionary<string, long>> RunAsync(IBackend backend, string source, int shots)
    {
        var jobId = await backend.SubmitAsync(new BackendJob("run", [Parse(source)], shots, 1), Guid.NewGuid().ToString("N"), default);
        _clock.Advance(_server.QueueDelay);
        Assert.Equal(BackendJobStatus.Completed, (await backend.GetStatusAsync(jobId, default)).Status);
        return Assert.Single((await backend.GetResultAsync(jobId, default)).Counts);
    }

    private static Circuit Parse(string source)
    {
        var parsed = OpenQasmParser.Parse(source, "test.qasm", _ => null);
        return parsed.Circuit ?? throw new InvalidOperationException(string.Join("; ", parsed.Diagnostics));
    }
}
