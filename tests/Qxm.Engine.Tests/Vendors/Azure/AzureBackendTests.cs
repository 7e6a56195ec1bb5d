using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Qxm.Backends.Contract;
using Qxm.Backends.Vendors;
using Qxm.Backends.Vendors.Azure;
using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;

namespace Qxm.Engine.Tests.Vendors.Azure;

/// <summary>What the Azure Quantum adapter sends and how it reads the workspace's answers, checked by the fake workspace
/// on loopback.</summary>
public sealed class AzureBackendTests : IAsyncLifetime
{
    private const string Bell = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] q;\nbit[2] c;\nh q[0];\ncx q[0], q[1];\nc = measure q;\n";
    private const string Ghz5 = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[5] q;\nbit[5] c;\nh q[0];\ncx q[0], q[1];\ncx q[1], q[2];\ncx q[2], q[3];\ncx q[3], q[4];\nc = measure q;\n";

    private static readonly HttpClient Client = new();

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private FakeAzureServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeAzureServer.StartAsync(_clock);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Submit_BellOnIonQ_UploadsTheCircuitAndCreatesTheJobUnderAKeyDerivedId()
    {
        var backend = Backend("ionq.simulator", entra: false);

        var jobId = await backend.SubmitAsync(new BackendJob("run-bell", [Parse(Bell)], 1000, 1), "qxm-run-bell@azure.ionq", default);

        Assert.Equal(AzureJobId.Of("qxm-run-bell@azure.ionq"), jobId);
        var body = Assert.Single(_server.Bodies);
        Assert.Equal("ionq", (string?)body["providerId"]);
        Assert.Equal("ionq.simulator", (string?)body["target"]);
        Assert.Equal("ionq.circuit.v1", (string?)body["inputDataFormat"]);
        Assert.Equal("ionq.quantum-results.v1", (string?)body["outputDataFormat"]);
        Assert.Equal(1000, (int)body["inputParams"]!["shots"]!);
        Assert.Equal("qxm-run-bell@azure.ionq", (string?)body["metadata"]!["qxm_key"]);
        Assert.Equal("run-bell", (string?)body["metadata"]!["qxm_run"]);
        var program = Assert.Single(_server.Programs);
        Assert.Equal("{\"qubits\":2,\"gateset\":\"qis\",\"circuit\":[{\"gate\":\"h\",\"target\":0},{\"gate\":\"cnot\",\"control\":0,\"target\":1}]}", program);
        Assert.True(_server.RunIds.ContainsKey("run-bell"));
        Assert.Contains(_server.Seen, request => request.Contains("x-ms-client-request-id: run-bell", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Submit_Ghz5OnQuantinuum_SendsOpenQasm2WithOneClassicalRegister_AndTheShotsAsCount()
    {
        var backend = Backend("quantinuum.sim.h2-1e", entra: true);

        await backend.SubmitAsync(new BackendJob("run-ghz", [Parse(Ghz5)], 100, 1), "qxm-run-ghz@azure.h2", default);

        var body = Assert.Single(_server.Bodies);
        Assert.Equal("honeywell.openqasm.v1", (string?)body["inputDataFormat"]);
        Assert.Equal(100, (int)body["inputParams"]!["count"]!);
        Assert.Equal(
            "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[5];\ncreg c[5];\nh q[0];\ncx q[0],q[1];\ncx q[1],q[2];\ncx q[2],q[3];\ncx q[3],q[4];\n"
            + "measure q[0] -> c[0];\nmeasure q[1] -> c[1];\nmeasure q[2] -> c[2];\nmeasure q[3] -> c[3];\nmeasure q[4] -> c[4];\n",
            Assert.Single(_server.Programs));
    }

    [Theory]
    [InlineData("ionq.simulator", false)]
    [InlineData("quantinuum.sim.h2-1e", true)]
    public async Task Result_BellAndGhz5_CountsInQxmsLayout_SummingToTheShots(string device, bool entra)
    {
        var backend = Backend(device, entra);

        var bell = await RunAsync(backend, Bell, 1000);
        var ghz = await RunAsync(backend, Ghz5, 1000);

        Assert.Equal(["00", "11"], bell.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["00000", "11111"], ghz.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(1000, bell.Values.Sum());
        Assert.Equal(1000, ghz.Values.Sum());
        Assert.All(bell.Values.Concat(ghz.Values), n => Assert.InRange(n, 400, 600));
    }

    [Fact]
    public async Task Result_MeasuredIntoOtherClbits_AfterARestart_ReadsTheMapFromTheJobsMetadata()
    {
        var circuit = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] q;\nbit[3] c;\nx q[0];\nc[2] = measure q[0];\nc[0] = measure q[1];\n";
        var jobId = await Backend("ionq.simulator", false).SubmitAsync(new BackendJob("r", [Parse(circuit)], 10, 1), "k-restart", default);
        var restarted = Backend("ionq.simulator", false);

        Assert.Equal(jobId, await restarted.FindJobAsync("k-restart", default));
        _clock.Advance(_server.QueueDelay);
        Assert.Equal(BackendJobStatus.Completed, (await restarted.GetStatusAsync(jobId, default)).Status);
        var result = await restarted.GetResultAsync(jobId, default);

        Assert.Equal(new Dictionary<string, long> { ["100"] = 10 }, result.Counts[0]);
    }

    [Fact]
    public async Task Submit_RetriedUnderTheSameKey_FindsTheJobsAlreadyMade_NoSecondJob()
    {
        var backend = Backend("quantinuum.sim.h2-1e", true);
        var job = new BackendJob("r", [Parse(Bell), Parse(Ghz5)], 10, 1);

        var first = await backend.SubmitAsync(job, "k-retry", default);
        var again = await backend.SubmitAsync(job, "k-retry", default);

        Assert.Equal(first, again);
        Assert.Equal(2, _server.JobsWithKey("k-retry"));
        Assert.Equal(1, _server.JobsPerKey()["k-retry"]);
        Assert.Equal(first, await backend.FindJobAsync("k-retry", default));
    }

    [Fact]
    public async Task Token_IsAskedOnce_RenewedBeforeItExpires_AndAfterRefresh()
    {
        var backend = Backend("quantinuum.sim.h2-1e", true);
        await backend.GetStatusAsync(await backend.SubmitAsync(new BackendJob("r", [Parse(Bell)], 10, 1), "k-token", default), default);
        Assert.Equal(1, _server.TokenRequests);

        _clock.Advance(_server.TokenLifetime - BearerToken.Margin + TimeSpan.FromSeconds(1));
        await backend.FindJobAsync("k-token", default);
        Assert.Equal(2, _server.TokenRequests);

        await ((ICredentialRefresh)backend).RefreshCredentialsAsync(default);
        await backend.FindJobAsync("k-token", default);
        Assert.Equal(3, _server.TokenRequests);
    }

    [Fact]
    public async Task StorageAddress_IsReusedUntilItsExpiry_ThenAskedAgain_AndAnExpiredOutputAddressIsRenewed()
    {
        var backend = Backend("ionq.simulator", false);
        var first = await backend.SubmitAsync(new BackendJob("r", [Parse(Bell)], 10, 1), "k-sas-1", default);
        var calls = _server.Calls;
        await backend.SubmitAsync(new BackendJob("r", [Parse(Bell)], 10, 1), "k-sas-2", default);
        Assert.Equal(calls + 2, _server.Calls);

        // Two hours on, the SAS the job was made with (and the one kept) have expired: both are asked afresh.
        _clock.Advance(TimeSpan.FromHours(2));
        await backend.SubmitAsync(new BackendJob("r", [Parse(Bell)], 10, 1), "k-sas-3", default);
        Assert.Equal(BackendJobStatus.Completed, (await backend.GetStatusAsync(first, default)).Status);
        var result = await backend.GetResultAsync(first, default);

        Assert.Equal(10, result.Counts[0].Values.Sum());
    }

    [Fact]
    public async Task Errors_AreClassified_WithTheVendorsWords()
    {
        var backend = Backend("ionq.simulator", false);
        var job = new BackendJob("r", [Parse(Bell)], 10, 1);

        _server.FailNext(429, retryAfterSeconds: 7);
        var limited = await Assert.ThrowsAsync<BackendException>(() => backend.SubmitAsync(job, "k-e1", default));
        _server.FailNext(503, retryAfterSeconds: 30);
        var down = await Assert.ThrowsAsync<BackendException>(() => backend.SubmitAsync(job, "k-e2", default));
        var badSecret = await Assert.ThrowsAsync<BackendException>(() => Backend("ionq.simulator", true, secret: "wrong").SubmitAsync(job, "k-e3", default));
        var badKey = await Assert.ThrowsAsync<BackendException>(() => Backend("ionq.simulator", false, secret: "wrong").SubmitAsync(job, "k-e4", default));

        Assert.Equal((BackendErrorKind.RateLimited, TimeSpan.FromSeconds(7)), (limited.Kind, limited.RetryAfter));
        Assert.Equal((BackendErrorKind.DeviceUnavailable, TimeSpan.FromSeconds(30)), (down.Kind, down.RetryAfter));
        Assert.Equal(BackendErrorKind.AuthExpired, badSecret.Kind);
        Assert.Contains("invalid_client", System.Text.Encoding.UTF8.GetString(badSecret.RawAnswer!.Value.Span), StringComparison.Ordinal);
        Assert.Equal(BackendErrorKind.AuthExpired, badKey.Kind);
        Assert.Contains("access token is missing, invalid or expired", badKey.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_server.Seen, s => s.Contains(_server.Clients["qxm-app"], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Submit_WhatTheProviderCannotRun_IsInvalidInputAtItsLine_WithNothingSent()
    {
        var conditioned = Parse("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[1];\ncreg c[1];\nmeasure q[0] -> c[0];\nif (c == 1) x q[0];\n");
        var calls = _server.Calls;

        var error = await Assert.ThrowsAsync<BackendException>(() => Backend("quantinuum.sim.h2-1e", true).SubmitAsync(new BackendJob("r", [conditioned], 10, 1), "k-bad", default));

        Assert.Equal(BackendErrorKind.InvalidInput, error.Kind);
        Assert.StartsWith("line 6:", error.Message, StringComparison.Ordinal);
        Assert.Equal(calls, _server.Calls);
    }

    [Fact]
    public async Task Cancel_AWaitingJob_CancelsEveryCircuitsJob()
    {
        var backend = Backend("ionq.simulator", false);
        var jobId = await backend.SubmitAsync(new BackendJob("r", [Parse(Bell), Parse(Bell)], 10, 1), "k-cancel", default);

        await backend.CancelAsync(jobId, default);

        Assert.Equal(BackendJobStatus.Cancelled, (await backend.GetStatusAsync(jobId, default)).Status);
    }

    [Fact]
    public async Task DeviceStatus_IsTheTargetsAvailabilityAndAverageQueueTime()
    {
        var aria = (IRemoteBackend)Backend("ionq.qpu.aria-1", false);
        var h2 = (IRemoteBackend)Backend("quantinuum.qpu.h2-1", true);

        var ariaStatus = await aria.GetDeviceStatusAsync(default);
        var h2Status = await h2.GetDeviceStatusAsync(default);

        Assert.Equal(new RemoteDeviceStatus("degraded", true, null, TimeSpan.FromDays(1)), ariaStatus);
        Assert.Equal(("unavailable", false), (h2Status.Status, h2Status.Available));
        Assert.Equal("$0.000220 per 1q gate-shot, $0.000975 per 2q gate-shot, $12.4166 minimum per task", aria.Prices.Describe());
    }

    [Fact]
    public void Prices_IonQThroughAzure_AndQuantinuumHqc_MatchTheWorkedExamples()
    {
        // Azure's pricing page: IonQ Aria = 0.000220 x 1q gate-shots + 0.000975 x 2q gate-shots, at least $12.4166 (error
        // mitigation off). GHZ-5 x 1,000 shots: $0.22 + $3.90 = $4.12, so the minimum; 100 1q + 50 2q gates x 1,000 shots:
        // $22.00 + $48.75 = $70.75.
        var aria = ((IRemoteBackend)Backend("ionq.qpu.aria-1", false)).Prices;
        var wide = Parse("OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] q;\nbit[2] c;\n"
            + string.Concat(Enumerable.Repeat("h q[0];\n", 100)) + string.Concat(Enumerable.Repeat("cx q[0], q[1];\n", 50)) + "c = measure q;\n");
        Assert.Equal(12.4166m, CostEstimator.Estimate(aria, [Parse(Ghz5)], 1000));
        Assert.Equal(70.75m, CostEstimator.Estimate(aria, [wide], 1000));

        // Quantinuum: HQC = 5 + C (N1q + 10 N2q + 5 Nm) / 5000. Bell x 100 shots: 5 + 100 x (1 + 10 + 10) / 5000 = 5.42 HQC;
        // at a contract's $13.50 an HQC (pricing.perHqc) $73.17. Without a rate, qxm prices HQCs at $0.
        Assert.Equal(5.42m, PriceModel.Hqc(100, 1, 1, 2));
        Assert.Equal(73.17m, CostEstimator.Estimate(new PriceModel { PerHqc = 13.50m }, [Parse(Bell)], 100));
        Assert.Equal(0m, CostEstimator.Estimate(((IRemoteBackend)Backend("quantinuum.qpu.h2-1", true)).Prices, [Parse(Bell)], 100));
    }

    private IBackend Backend(string device, bool entra, string? secret = null) =>
        VendorBackends.Create(AzureBackendContract.Options(_server, "azure." + device, device, entra, secret), Client, _clock);

    private async Task<IReadOnlyDictionary<string, long>> RunAsync(IBackend backend, string source, int shots)
    {
        var jobId = await backend.SubmitAsync(new BackendJob("r", [Parse(source)], shots, 1), "k-" + Guid.NewGuid().ToString("N"), default);
        _clock.Advance(_server.QueueDelay);
        Assert.Equal(BackendJobStatus.Completed, (await backend.GetStatusAsync(jobId, default)).Status);
        var result = await backend.GetResultAsync(jobId, default);
        Assert.Equal("azure", result.Provenance!["vendor"]);
        Assert.Equal(0m, decimal.Parse(result.Provenance["costUsd"], CultureInfo.InvariantCulture));
        return result.Counts[0];
    }

    private static Circuit Parse(string source)
    {
        var parsed = OpenQasmParser.Parse(source, "azure.qasm", _ => null);
        return parsed.Circuit ?? throw new InvalidOperationException(string.Join("; ", parsed.Diagnostics));
    }
}
