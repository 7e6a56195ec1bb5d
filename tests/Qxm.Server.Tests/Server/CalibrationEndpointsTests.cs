using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Qxm.Domain.Runs;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Server;

public sealed class CalibrationEndpointsTests
{
    private const string NativeBell =
        "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] q;\nbit[2] c;\nrz(pi/2) q[0]; sx q[0]; rz(pi/2) q[0];\ncx q[0], q[1];\nc[0] = measure q[0];\nc[1] = measure q[1];\n";

    [Fact]
    public async Task RunOnAFakeDevice_NamesTheSnapshotItRanUnder_WhichTheCalibrationEndpointServes()
    {
        await using var server = await RunningServer.StartAsync();
        var submitted = await server.SubmitAcceptedAsync(
            Experiments.Json(NativeBell, shots: 200, edit: e => { e["backend"] = "fake.heavyhex27"; e["onDrift"] = "flag"; }), "application/json");

        var run = await server.WaitUntilFinishedAsync(submitted.Id);
        var calibration = await server.Client.GetFromJsonAsync<JsonElement>("/api/v1/backends/fake.heavyhex27/calibration?qubit=1");
        var history = await server.Client.GetFromJsonAsync<JsonElement>("/api/v1/backends/fake.heavyhex27/calibration?since=2000-01-01T00:00:00Z");

        Assert.Equal(RunState.Succeeded, run.State);
        Assert.Equal(Domain.Calibration.DriftPolicy.Flag, run.OnDrift);
        var current = calibration.GetProperty("current");
        Assert.Equal(run.Calibration!.Hash, current.GetProperty("hash").GetString());
        Assert.Equal(64, run.Calibration.Hash.Length);
        var qubit = Assert.Single(current.GetProperty("snapshot").GetProperty("qubits").EnumerateArray());
        Assert.Equal(1, qubit.GetProperty("qubit").GetInt32());
        Assert.Equal(0.018, qubit.GetProperty("readoutError").GetDouble());
        Assert.Equal(run.Calibration.Hash, Assert.Single(history.GetProperty("history").EnumerateArray()).GetProperty("hash").GetString());
        Assert.Equal(0, calibration.GetProperty("heldRuns").GetInt32());
    }

    [Fact]
    public async Task Calibration_BadInput_AnswersProblems_AndAnIdealSimulatorHasNone()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);

        var unknown = await Problem.ReadAsync(await server.Client.GetAsync("/api/v1/backends/fake.nope/calibration"), HttpStatusCode.NotFound);
        var badSince = await Problem.ReadAsync(await server.Client.GetAsync("/api/v1/backends/fake.square9/calibration?since=yesterday"), HttpStatusCode.BadRequest);
        var ideal = await server.Client.GetFromJsonAsync<JsonElement>("/api/v1/backends/sim.statevector/calibration");
        using var release = await server.Client.PostAsync("/api/v1/backends/fake.square9/calibration/release", null);
        var unknownRelease = await Problem.ReadAsync(await server.Client.PostAsync("/api/v1/backends/fake.nope/calibration/release", null), HttpStatusCode.NotFound);

        Assert.Equal("urn:qxm:problem:backend-not-found", unknown.GetProperty("type").GetString());
        Assert.Contains("since 'yesterday'", badSince.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, ideal.GetProperty("current").ValueKind);
        Assert.Equal(HttpStatusCode.OK, release.StatusCode);
        Assert.Equal(0, (await release.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("released").GetInt32());
        Assert.Equal("urn:qxm:problem:backend-not-found", unknownRelease.GetProperty("type").GetString());
    }
}
