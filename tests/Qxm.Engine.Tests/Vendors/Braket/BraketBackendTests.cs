using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Qxm.Backends.Contract;
using Qxm.Backends.Vendors;
using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;
using Qxm.Domain.Backends;
using Qxm.Engine.Tests.Validation;

namespace Qxm.Engine.Tests.Vendors.Braket;

/// <summary>What the Braket adapter sends and how it reads Braket's and S3's answers, checked by the fake Braket on
/// loopback over a real s3rver.</summary>
public sealed class BraketBackendTests(BraketFixture fixture) : IAsyncLifetime, IClassFixture<BraketFixture>
{
    private const string Bell = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] q;\nbit[2] c;\nh q[0];\ncx q[0], q[1];\nc = measure q;\n";

    private static readonly HttpClient Client = new();

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private FakeBraketServer? _server;

    private FakeBraketServer Server => _server!;

    public async Task InitializeAsync() => _server = await fixture.StartAsync(_clock);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task Submit_Bell_SendsAnOpenQasmActionInBraketsGateNames_WithShotsBucketClientTokenAndTags()
    {
        var backend = Backend(FakeBraketServer.Aria);

        await backend.SubmitAsync(new BackendJob("run-bell", [Parse(Bell)], 1000, 1), "qxm-run-bell@braket.aria", default);

        var body = Assert.Single(Server.Bodies);
        Assert.Equal(FakeBraketServer.Aria, (string?)body["deviceArn"]);
        Assert.Equal(1000, (int)body["shots"]!);
        Assert.Equal((FakeBraketServer.Bucket, "qxm"), ((string?)body["outputS3Bucket"], (string?)body["outputS3KeyPrefix"]));
        Assert.Matches("^[0-9a-f]{64}$", (string?)body["clientToken"]);
        var action = JsonNode.Parse((string)body["action"]!)!;
        Assert.Equal("braket.ir.openqasm.program", (string?)action["braketSchemaHeader"]!["name"]);
        Assert.Equal("OPENQASM 3.0;\nqubit[2] q;\nbit[2] c;\nh q[0];\ncnot q[0], q[1];\nc[0] = measure q[0];\nc[1] = measure q[1];\n", (string?)action["source"]);
        Assert.Equal(new Dictionary<string, string?> { ["qxm_key"] = "qxm-run-bell@braket.aria", ["qxm_circuit"] = "0/1", ["qxm_run"] = "run-bell" },
            body["tags"]!.AsObject().ToDictionary(t => t.Key, t => (string?)t.Value));
        Assert.True(Server.RunIds.ContainsKey("run-bell"));
    }

    [SkippableFact]
    public async Task Result_BellAndGhz5OnAQpuAndTheSimulator_CountsInQxmsLayout_AndSimulatorTimeCosted()
    {
        var ghz5 = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[5] q;\nbit[5] c;\nh q[0];\n" + string.Concat(Enumerable.Range(1, 4).Select(i => $"cx q[{i - 1}], q[{i}];\n")) + "c = measure q;\n";

        var (bell, qpu) = await RunAsync(Backend(FakeBraketServer.Aria), Bell, 1000);
        var (ghz, simulator) = await RunAsync(Backend(FakeBraketServer.Simulator), ghz5, 1000);

        Assert.Equal(new Dictionary<string, long> { ["00"] = 500, ["11"] = 500 }, bell);
        Assert.Equal(new Dictionary<string, long> { ["00000"] = 500, ["11111"] = 500 }, ghz);
        Assert.False(qpu.ContainsKey("costUsd"));
        // 24 ms of SV1 is billed as Braket's 3-second minimum at $0.075 a minute.
        Assert.Equal(0.00375m, decimal.Parse(simulator["costUsd"], CultureInfo.InvariantCulture));
    }

    [SkippableFact]
    public async Task Result_MeasuredIntoOtherClbits_IsReadFromTheProgramTheTaskRan_EvenByAnotherProcess()
    {
        var source = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[3] q;\nbit[1] a;\nbit[2] b;\nx q[0];\nx q[2];\nb[1] = measure q[0];\na[0] = measure q[1];\nb[0] = measure q[2];\n";
        var job = await Backend(FakeBraketServer.Simulator).SubmitAsync(new BackendJob("r", [Parse(source)], 10, 1), "k-restart", default);
        _clock.Advance(Server.QueueDelay);

        var restarted = Backend(FakeBraketServer.Simulator);
        var result = await restarted.GetResultAsync(job, default);

        Assert.Equal(new Dictionary<string, long> { ["110"] = 10 }, Assert.Single(result.Counts));
    }

    [SkippableFact]
    public async Task Submit_RetriedAfterALostAnswer_MakesNoSecondTask_AndASweepIsATaskPerCircuitFoundByItsKey()
    {
        var backend = Backend(FakeBraketServer.Simulator);
        Server.AcceptThenFail = 1;
        var job = new BackendJob("r", [Parse(Bell), Parse(Bell), Parse(Bell)], 10, 1);

        var lost = await Assert.ThrowsAsync<BackendException>(() => backend.SubmitAsync(job, "k-sweep", default));
        Assert.Null(await backend.FindJobAsync("k-sweep", default));
        var id = await backend.SubmitAsync(job, "k-sweep", default);

        Assert.Equal(BackendErrorKind.Transient, lost.Kind);
        Assert.Equal(3, id.Split(',').Length);
        Assert.Equal(3, Server.JobsPerKey()["k-sweep"]);
        Assert.Equal(id, await backend.FindJobAsync("k-sweep", default));
        _clock.Advance(Server.QueueDelay);
        Assert.Equal(3, (await backend.GetResultAsync(id, default)).Counts.Count);
    }

    [SkippableFact]
    public async Task FindJob_PagesThroughTheDevicesTasks()
    {
        var backend = Backend(FakeBraketServer.Simulator);
        Server.PageSize = 5;
        var id = await backend.SubmitAsync(new BackendJob("r", [Parse(Bell)], 10, 1), "k-paged", default);
        for (var i = 0; i < 12; i++)
        {
            Server.AddForeignTask(FakeBraketServer.Simulator);
        }

        Assert.Equal(id, await backend.FindJobAsync("k-paged", default));
        Assert.Null(await backend.FindJobAsync("k-absent", default));
    }

    [SkippableTheory]
    [InlineData(429, "ThrottlingException", BackendErrorKind.RateLimited)]
    [InlineData(402, "ServiceQuotaExceededException", BackendErrorKind.QuotaExceeded)]
    [InlineData(400, "ValidationException", BackendErrorKind.InvalidInput)]
    [InlineData(403, "AccessDeniedException", BackendErrorKind.Fatal)]
    [InlineData(403, "ExpiredTokenException", BackendErrorKind.AuthExpired)]
    [InlineData(500, "InternalServiceException", BackendErrorKind.Transient)]
    [InlineData(424, "DeviceOfflineException", BackendErrorKind.DeviceUnavailable)]
    [InlineData(410, "DeviceRetiredException", BackendErrorKind.Fatal)]
    public async Task Calls_AnsweredWithAnAwsError_AreClassifiedByItsType(int status, string type, BackendErrorKind kind)
    {
        var backend = (IRemoteBackend)Backend(FakeBraketServer.Aria);
        Server.FailNext(status, type);

        var error = await Assert.ThrowsAsync<BackendException>(() => backend.GetDeviceStatusAsync(default));

        Assert.Equal(kind, error.Kind);
        Assert.Contains("scripted fault", error.Message, StringComparison.Ordinal);
        Assert.Equal(kind == BackendErrorKind.RateLimited ? TimeSpan.FromSeconds(1) : null, error.RetryAfter);
        Assert.NotNull(error.RawAnswer);
    }

    [SkippableFact]
    public async Task Calls_WithAWrongSecretOrAnOfflineDevice_AreClassified()
    {
        var wrong = (IRemoteBackend)VendorBackends.Create(
            Options(FakeBraketServer.Aria) with { Credential = VendorCredential.FromEnvironment("K", _ => "S3RVER:not-the-secret") }, Client, _clock);
        var signature = await Assert.ThrowsAsync<BackendException>(() => wrong.GetDeviceStatusAsync(default));
        Server.Offline = true;
        var backend = Backend(FakeBraketServer.Aria);
        var status = await ((IRemoteBackend)backend).GetDeviceStatusAsync(default);
        var offline = await Assert.ThrowsAsync<BackendException>(() => backend.SubmitAsync(new BackendJob("r", [Parse(Bell)], 10, 1), "k-offline", default));

        Assert.Equal(BackendErrorKind.AuthExpired, signature.Kind);
        Assert.Contains("signature we calculated does not match", signature.Message, StringComparison.Ordinal);
        Assert.Equal(("offline", false), (status.Status, status.Available));
        Assert.Equal(BackendErrorKind.DeviceUnavailable, offline.Kind);
    }

    [SkippableFact]
    public async Task Status_WhileQueued_GivesTheQueuePosition_AndCancelStopsTheTask()
    {
        var backend = Backend(FakeBraketServer.Aria);
        Server.QueueDelay = TimeSpan.FromMinutes(10);
        await backend.SubmitAsync(new BackendJob("r", [Parse(Bell)], 10, 1), "k-q1", default);
        var second = await backend.SubmitAsync(new BackendJob("r", [Parse(Bell)], 10, 1), "k-q2", default);

        var state = await backend.GetStatusAsync(second, default);
        var device = await ((IRemoteBackend)backend).GetDeviceStatusAsync(default);
        await backend.CancelAsync(second, default);

        Assert.Equal((BackendJobStatus.Queued, (int?)2), (state.Status, state.QueuePosition));
        Assert.Equal(("online", true, (int?)2), (device.Status, device.Available, device.QueueLength));
        Assert.Equal(BackendJobStatus.Cancelled, (await backend.GetStatusAsync(second, default)).Status);
    }

    [SkippableFact]
    public async Task Submit_AGateBraketLacks_OrTooManyShots_IsInvalidInputWithNothingSent()
    {
        var backend = Backend(FakeBraketServer.Aria);
        var ionqNative = Parse("OPENQASM 3.0;\ninclude \"stdgates.inc\";\ninclude \"ionq.inc\";\nqubit[1] q;\nbit[1] c;\ngpi(0.25) q[0];\nc[0] = measure q[0];\n");

        var gate = await Assert.ThrowsAsync<BackendException>(() => backend.SubmitAsync(new BackendJob("r", [ionqNative], 10, 1), "k1", default));
        var shots = await Assert.ThrowsAsync<BackendException>(() => backend.SubmitAsync(new BackendJob("r", [Parse(Bell)], 5001, 1), "k2", default));

        Assert.Equal((BackendErrorKind.InvalidInput, BackendErrorKind.InvalidInput), (gate.Kind, shots.Kind));
        Assert.Contains("gpi at line 6", gate.Message, StringComparison.Ordinal);
        Assert.Contains("1 to 5000 shots", shots.Message, StringComparison.Ordinal);
        Assert.Empty(Server.Bodies);
    }

    [SkippableFact]
    public async Task Target_FromTheDevicesCapabilities_ValidatesAsAFakeDevicesDoes()
    {
        var backend = Backend(FakeBraketServer.Aria);
        Assert.Equal(100_000, backend.Info.Target.MaxShots);

        await ((ICalibrationSource)backend).GetCalibrationAsync(default);
        var target = backend.Info.Target;

        Assert.Equal((25, 5000, 20), (target.Qubits, target.MaxShots, target.MaxCircuits));
        Assert.True(target.IsAllToAll);
        Assert.Contains("cx", target.NativeGates!);
        Assert.DoesNotContain("cz", target.NativeGates!);
        Assert.False(target.Features.PulseCalibration);
        Assert.Empty(Validate.Errors(Validate.Program("qubit[2] q;\nbit[2] c;\nh q[0];\ncx q[0], q[1];\nc = measure q;\n", target, "braket.aria")));
        var errors = Validate.Errors(Validate.Program("qubit[2] q;\nbit[2] c;\ncz q[0], q[1];\nc = measure q;\n", target, "braket.aria"));
        Assert.Contains(errors, d => d.Line == 6 && d.Message.StartsWith("cz is not native on braket.aria", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Calibration_FromProviderMeans_AndFromStandardizedProperties_CoversEveryQubit()
    {
        var aria = await ((ICalibrationSource)Backend(FakeBraketServer.Aria)).GetCalibrationAsync(default);
        Server.SigningRegion = "us-west-1";
        var ankaaBackend = Backend(FakeBraketServer.Ankaa);
        var ankaa = await ((ICalibrationSource)ankaaBackend).GetCalibrationAsync(default);

        Assert.Equal(25, aria.Qubits.Count);
        Assert.Equal((100e6, 1e6, 0.0048), (aria.Qubits[3].T1Us, aria.Qubits[3].T2Us, Math.Round(aria.Qubits[3].ReadoutError, 6)));
        var cx = Assert.Single(aria.Gates, g => g.Gate == "cx" && g.Qubits.SequenceEqual([4, 17]));
        Assert.Equal((0.0131, 600_000), (Math.Round(cx.Error, 6), Math.Round(cx.DurationNs)));
        Assert.Equal(84, ankaa.Qubits.Count);
        Assert.Equal((34, 22, 0.052), (Math.Round(ankaa.Qubits[1].T1Us), Math.Round(ankaa.Qubits[1].T2Us), Math.Round(ankaa.Qubits[1].ReadoutError, 6)));
        Assert.Equal(28, Math.Round(ankaa.Qubits[50].T1Us));
        Assert.Equal(0.0126, Math.Round(Assert.Single(ankaa.Gates, g => g.Gate == "cz" && g.Qubits.SequenceEqual([1, 2])).Error, 6));
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 14, 5, 0, TimeSpan.Zero), ankaa.TakenAt);
        Assert.Equal(84, ankaaBackend.Info.Target.Qubits);
        // Braket's answer for Ankaa-3 has a 'pulse' field: it takes pulse-level calibration; Aria's has none.
        Assert.True(ankaaBackend.Info.Target.Features.PulseCalibration);
    }

    private IBackend Backend(string device) => VendorBackends.Create(Options(device), Client, _clock);

    private RemoteBackendOptions Options(string device) => fixture.Options(Server, "braket.test", device);

    private async Task<(IReadOnlyDictionary<string, long> Counts, IReadOnlyDictionary<string, string> Provenance)> RunAsync(IBackend backend, string source, int shots)
    {
        var jobId = await backend.SubmitAsync(new BackendJob("run", [Parse(source)], shots, 1), "k-" + Guid.NewGuid().ToString("N"), default);
        _clock.Advance(Server.QueueDelay);
        Assert.Equal(BackendJobStatus.Completed, (await backend.GetStatusAsync(jobId, default)).Status);
        var result = await backend.GetResultAsync(jobId, default);
        return (Assert.Single(result.Counts), result.Provenance!);
    }

    private static Circuit Parse(string source)
    {
        var parsed = OpenQasmParser.Parse(source, "braket.qasm", _ => null);
        return parsed.Circuit ?? throw new InvalidOperationException(string.Join("; ", parsed.Diagnostics));
    }
}
