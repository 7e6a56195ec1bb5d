using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Qxm.Backends.Contract;
using Qxm.Backends.Vendors;
using Qxm.Backends.Vendors.Ibm;
using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;
using Qxm.Domain.Backends;
using Qxm.Engine.Tests.Validation;

namespace Qxm.Engine.Tests.Vendors.Ibm;

/// <summary>What the IBM adapter sends and how it reads IBM's answers, checked by the fake IBM on loopback.</summary>
public sealed class IbmBackendTests : IAsyncLifetime
{
    private static readonly HttpClient Client = new();

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private FakeIbmServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeIbmServer.StartAsync(_clock);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Submit_Bell_SendsASamplerV2PubOfOpenQasm3WithTheShotsTagsAndHeaders()
    {
        var backend = Backend();

        await backend.SubmitAsync(new BackendJob("run-bell", [Parse(IbmCircuits.Ghz(2))], 1000, 1), "qxm-run-bell@ibm.torino", default);

        var body = Assert.Single(_server.Bodies);
        Assert.Equal("sampler", (string?)body["program_id"]);
        Assert.Equal(FakeIbmServer.Device, (string?)body["backend"]);
        Assert.Equal(2, (int)body["params"]!["version"]!);
        var pub = Assert.Single(body["params"]!["pubs"]!.AsArray())!.AsArray();
        Assert.StartsWith("OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] q;\nbit[2] c;\n", (string?)pub[0], StringComparison.Ordinal);
        Assert.Contains("cz q[0], q[1];", (string?)pub[0], StringComparison.Ordinal);
        Assert.Null(pub[1]);
        Assert.Equal(1000, (int)pub[2]!);
        Assert.Equal(["qxm_key:qxm-run-bell@ibm.torino", "qxm_run:run-bell"], body["tags"]!.AsArray().Select(t => (string)t!));
        Assert.True(_server.RunIds.ContainsKey("run-bell"));
    }

    [Fact]
    public async Task Result_BellAndGhz5_CountsNormalisedToClbitsSummingToTheShots_WithQuantumSecondsAndCost()
    {
        var backend = Backend();

        var (bell, provenance) = await RunAsync(backend, IbmCircuits.Ghz(2), 1000);
        var (ghz, _) = await RunAsync(backend, IbmCircuits.Ghz(5), 1000);

        Assert.Equal(new Dictionary<string, long> { ["00"] = 500, ["11"] = 500 }, bell);
        Assert.Equal(new Dictionary<string, long> { ["00000"] = 500, ["11111"] = 500 }, ghz);
        Assert.Equal("2", provenance["quantumSeconds"]);
        Assert.Equal(2 * 1.60m, decimal.Parse(provenance["costUsd"], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Result_SeveralRegisters_PutsEachAtItsOffset_FirstRegisterRightmost()
    {
        var circuit = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[3] q;\nbit[1] a;\nbit[2] b;\nx q[2];\na[0] = measure q[0];\nb[0] = measure q[1];\nb[1] = measure q[2];\n";

        var (counts, _) = await RunAsync(Backend(), circuit, 10);

        Assert.Equal(new Dictionary<string, long> { ["100"] = 10 }, counts);
    }

    [Fact]
    public async Task Submit_ACircuitOutsideTheInstructionSet_IsInvalidInputAtItsLine_WithNothingSent()
    {
        var backend = Backend();
        var notNative = Parse("OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] q;\nbit[2] c;\nh q[0];\nc = measure q;\n");
        var uncoupled = Parse("OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[3] q;\nbit[3] c;\ncz q[0], q[2];\nc = measure q;\n");

        var gate = await Assert.ThrowsAsync<BackendException>(() => backend.SubmitAsync(new BackendJob("r", [notNative], 10, 1), "k1", default));
        var pair = await Assert.ThrowsAsync<BackendException>(() => backend.SubmitAsync(new BackendJob("r", [uncoupled], 10, 1), "k2", default));

        Assert.Equal(BackendErrorKind.InvalidInput, gate.Kind);
        Assert.Contains("h on qubits (0) at line 5", gate.Message, StringComparison.Ordinal);
        Assert.Equal(BackendErrorKind.InvalidInput, pair.Kind);
        Assert.Contains("cz on qubits (0, 2)", pair.Message, StringComparison.Ordinal);
        Assert.Empty(_server.Bodies);
    }

    [Fact]
    public async Task Token_IsRenewedBeforeItExpires_AndAfterA401()
    {
        var backend = Backend();
        await backend.SubmitAsync(new BackendJob("r", [Parse(IbmCircuits.Ghz(2))], 10, 1), "k-token-1", default);
        Assert.Equal(1, _server.TokensIssued);

        _clock.Advance(_server.TokenLifetime - BearerToken.Margin + TimeSpan.FromSeconds(1));
        await backend.SubmitAsync(new BackendJob("r", [Parse(IbmCircuits.Ghz(2))], 10, 1), "k-token-2", default);
        Assert.Equal(2, _server.TokensIssued);

        _clock.Advance(_server.TokenLifetime);
        var expired = await Assert.ThrowsAsync<BackendException>(() => backend.GetStatusAsync("any", default));
        Assert.Equal(BackendErrorKind.InvalidInput, expired.Kind);
        Assert.Equal(3, _server.TokensIssued);
    }

    [Fact]
    public async Task Token_ForAKeyIamDoesNotKnow_IsAClassifiedErrorNamingIt()
    {
        var options = IbmTorinoContract.Options(_server, "ibm.torino") with { Credential = VendorCredential.FromEnvironment("IBM_API_KEY", _ => "revoked-key") };
        var backend = (IRemoteBackend)VendorBackends.Create(options, Client, _clock);

        var error = await Assert.ThrowsAsync<BackendException>(() => backend.GetDeviceStatusAsync(default));

        Assert.Equal(BackendErrorKind.InvalidInput, error.Kind);
        Assert.Contains("identity/token answered 400 Bad Request: Provided API key could not be found.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calls_RateLimited_AreRateLimitedWithIbmsRetryAfter_AndUnauthorizedIsAuthExpired()
    {
        var backend = Backend();
        await ((IRemoteBackend)backend).GetDeviceStatusAsync(default);
        _server.FailNext(429, retryAfterSeconds: 7);
        _server.FailNext(401);

        var limited = await Assert.ThrowsAsync<BackendException>(() => ((IRemoteBackend)backend).GetDeviceStatusAsync(default));
        var unauthorized = await Assert.ThrowsAsync<BackendException>(() => ((IRemoteBackend)backend).GetDeviceStatusAsync(default));

        Assert.Equal(BackendErrorKind.RateLimited, limited.Kind);
        Assert.Equal(TimeSpan.FromSeconds(7), limited.RetryAfter);
        Assert.Equal(BackendErrorKind.AuthExpired, unauthorized.Kind);
        Assert.Contains("scripted fault", unauthorized.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_WhileQueued_GivesIbmsQueuePositionAndExpectedFinish()
    {
        var backend = Backend();
        _server.QueueDelay = TimeSpan.FromMinutes(10);
        await backend.SubmitAsync(new BackendJob("r", [Parse(IbmCircuits.Ghz(2))], 10, 1), "k-q1", default);
        var second = await backend.SubmitAsync(new BackendJob("r", [Parse(IbmCircuits.Ghz(2))], 10, 1), "k-q2", default);

        var state = await backend.GetStatusAsync(second, default);

        Assert.Equal(BackendJobStatus.Queued, state.Status);
        Assert.Equal(2, state.QueuePosition);
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromMinutes(10), state.EstimatedReadyAt);
        Assert.Equal(2, (await ((IRemoteBackend)backend).GetDeviceStatusAsync(default)).QueueLength);
    }

    /// <summary>A null position (a job not ranked yet, or one that left the queue between the job's read and the metrics')
    /// is an unknown position, not a broken answer: it once stopped a run's follow under load.</summary>
    [Fact]
    public async Task Status_WithAnUnrankedQueuePosition_IsQueuedWithThePositionUnknown()
    {
        var backend = Backend();
        _server.QueueDelay = TimeSpan.FromMinutes(10);
        _server.QueuePositionUnranked = true;
        var job = await backend.SubmitAsync(new BackendJob("r", [Parse(IbmCircuits.Ghz(2))], 10, 1), "k-u1", default);

        var state = await backend.GetStatusAsync(job, default);

        Assert.Equal((BackendJobStatus.Queued, (int?)null), (state.Status, state.QueuePosition));
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromMinutes(10), state.EstimatedReadyAt);
    }

    [Fact]
    public async Task Cancel_AQueuedJob_IsCancelledAtIbm()
    {
        var backend = Backend();
        var job = await backend.SubmitAsync(new BackendJob("r", [Parse(IbmCircuits.Ghz(2))], 10, 1), "k-cancel", default);

        await backend.CancelAsync(job, default);

        Assert.Equal(BackendJobStatus.Cancelled, (await backend.GetStatusAsync(job, default)).Status);
    }

    [Fact]
    public async Task Target_FromTheDevicesConfiguration_HasItsCouplingMap_AndValidatesAsAFakeDevicesDoes()
    {
        var target = await TargetAsync();

        Assert.Equal(133, target.Qubits);
        Assert.Equal(["id", "rz", "sx", "x", "cz"], target.NativeGates);
        Assert.True(target.IsAvailable("cz", [0, 1]));
        Assert.False(target.IsAvailable("cz", [0, 2]));
        Assert.Empty(Validate.Errors(Validate.Program(IbmCircuits.Ghz(5)["OPENQASM 3.0;\ninclude \"stdgates.inc\";\n".Length..], target, "ibm.torino")));
        var errors = Validate.Errors(Validate.Program("qubit[3] q;\nbit[3] c;\nh q[0];\ncz q[0], q[2];\nc = measure q;\n", target, "ibm.torino"));
        Assert.Contains(errors, d => d.Line == 6 && d.Message.StartsWith("h is not native on ibm.torino", StringComparison.Ordinal));
        Assert.Contains(errors, d => d.Line == 7 && d.Rule == "target.uncoupled-qubits");
    }

    [Fact]
    public async Task Calibration_FromTheDevicesProperties_GivesT1T2ReadoutAndEveryGatePerTuple()
    {
        var backend = Backend();

        var snapshot = await ((ICalibrationSource)backend).GetCalibrationAsync(default);

        using var properties = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Vendors", "Ibm", "Fixtures", "properties-ibm_torino.json")));
        var q7 = properties.RootElement.GetProperty("qubits")[7];
        Assert.Equal(133, snapshot.Qubits.Count);
        Assert.Equal(q7[0].GetProperty("value").GetDouble(), snapshot.Qubits[7].T1Us);
        Assert.Equal(q7[1].GetProperty("value").GetDouble(), snapshot.Qubits[7].T2Us);
        Assert.Equal(q7[3].GetProperty("value").GetDouble(), snapshot.Qubits[7].ReadoutError);
        var cz = Assert.Single(snapshot.Gates, g => g.Gate == "cz" && g.Qubits.SequenceEqual([0, 1]));
        Assert.Equal(84, cz.DurationNs);
        Assert.InRange(cz.Error, 2e-3, 1.5e-2);
        Assert.Equal(300, snapshot.Gates.Count(g => g.Gate == "cz"));
        Assert.DoesNotContain(snapshot.Gates, g => g.Gate == "measure");
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 21, 14, 7, TimeSpan.Zero), snapshot.TakenAt);
    }

    private async Task<Target> TargetAsync()
    {
        var backend = Backend();
        await ((ICalibrationSource)backend).GetCalibrationAsync(default);
        return backend.Info.Target;
    }

    private IBackend Backend() => VendorBackends.Create(IbmTorinoContract.Options(_server, "ibm.torino"), Client, _clock);

    private async Task<(IReadOnlyDictionary<string, long> Counts, IReadOnlyDictionary<string, string> Provenance)> RunAsync(IBackend backend, string source, int shots)
    {
        var jobId = await backend.SubmitAsync(new BackendJob("run", [Parse(source)], shots, 1), "k-" + Guid.NewGuid().ToString("N"), default);
        _clock.Advance(_server.QueueDelay);
        Assert.Equal(BackendJobStatus.Completed, (await backend.GetStatusAsync(jobId, default)).Status);
        var result = await backend.GetResultAsync(jobId, default);
        return (Assert.Single(result.Counts), result.Provenance!);
    }

    private static Circuit Parse(string source)
    {
        var parsed = OpenQasmParser.Parse(source, "ibm.qasm", _ => null);
        return parsed.Circuit ?? throw new InvalidOperationException(string.Join("; ", parsed.Diagnostics));
    }
}
