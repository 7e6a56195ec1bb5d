using Qxm.Backends.Contract;
using Qxm.Backends.Devices;
using Qxm.Backends.Registry;
using Qxm.Circuits.Parsing;
using Qxm.Domain.Errors;
using Qxm.Engine.Tests.Experiments;

namespace Qxm.Engine.Tests.Devices;

public sealed class DeviceCatalogTests
{
    [Fact]
    public void BuiltIn_ShipsTheThreeDevices_ShapedLikeTheirHardware()
    {
        var devices = DeviceCatalog.BuiltIn().ToDictionary(d => d.Name);

        var heavyHex = devices["heavyhex27"].Target;
        Assert.Equal(27, heavyHex.Qubits);
        Assert.Equal(["rz", "sx", "x", "cx"], heavyHex.NativeGates);
        Assert.Equal(28, heavyHex.CouplingMap.Count);
        Assert.True(heavyHex.IsDirected);
        Assert.True(heavyHex.CouplingMap.SelectMany(p => new[] { p.First, p.Second }).GroupBy(q => q).All(g => g.Count() <= 3), "heavy-hex degree is at most 3");

        var ion = devices["ion25"].Target;
        Assert.Equal((25, true), (ion.Qubits, ion.IsAllToAll));
        Assert.Equal(["gpi", "gpi2", "ms"], ion.NativeGates);

        var square = devices["square9"].Target;
        Assert.Equal((9, false), (square.Qubits, square.IsDirected));
        Assert.Equal(24, square.CouplingMap.Count);
        Assert.Contains("cz", square.NativeGates!);

        Assert.All(devices.Values, d => Assert.Equal(d.Target.Qubits, d.Calibration.Qubits.Count));
        Assert.All(devices.Values, d => Assert.Equal(d.Target.Qubits, d.Target.ReadoutErrors.Count));
    }

    [Fact]
    public async Task Registry_ListsEachDeviceAsAFakeBackend_WithItsCalibration()
    {
        var registry = BackendRegistry.CreateDefault();

        Assert.Equal(["fake.heavyhex27", "fake.ion25", "fake.square9", "sim.density", "sim.noisy", "sim.statevector"], registry.All.Select(b => b.Info.Id));
        Assert.True(registry.TryGet("fake.heavyhex27", out var backend));
        var calibration = await Assert.IsAssignableFrom<ICalibrationSource>(backend).GetCalibrationAsync(default);
        Assert.Equal(("fake.heavyhex27", 27), (calibration.Backend, calibration.Qubits.Count));
        Assert.Contains(calibration.Gates, g => g.Gate == "cx" && g.Qubits.SequenceEqual([0, 1]));
    }

    [Fact]
    public void UserDirectory_AddsADeviceFromItsDataFile()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(Path.Combine(dir.Path, "line3.json"), """
            { "name": "line3", "qubits": 3, "maxShots": 1000, "maxCircuits": 10,
              "coupling": { "directed": false, "edges": [[0, 1], [1, 2]] },
              "operations": [ { "name": "rx" }, { "name": "rz" }, { "name": "cz", "error": 0.01 } ],
              "calibration": { "takenAt": "2025-01-01T00:00:00Z", "t1Us": 50, "t2Us": [40, 41, 42], "readoutError": 0.02 } }
            """);

        var registry = BackendRegistry.CreateDefault(dir.Path);

        Assert.True(registry.TryGet("fake.line3", out var line));
        Assert.Equal(4, line.Info.Target.CouplingMap.Count);
        Assert.False(line.Info.Target.Features.Reset);
    }

    [Fact]
    public void InvalidUserFile_NamesTheFileAndTheField()
    {
        var error = Assert.Throws<QxmException>(() => DeviceFileReader.Read("""{ "name": "bad", "qubits": 2, "operations": [ { "name": "nope" } ] }""", "bad.json"));

        Assert.Equal("device file bad.json: operations: 'nope' is not a gate qxm can simulate (see GateLibrary in docs/openqasm.md)", error.Message);
    }

    [Fact]
    public async Task FakeDevice_RunsANativeCircuit_OnTheSimulator()
    {
        Assert.True(BackendRegistry.CreateDefault().TryGet("fake.square9", out var square));
        // A Bell pair in the square lattice's basis: h = rz(pi/2) sx rz(pi/2) on both sides of cz makes a cx.
        var circuit = OpenQasmParser.Parse(
            "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[9] q;\nbit[2] c;\nrz(pi/2) q[4]; sx q[4]; rz(pi/2) q[4];\n"
            + "rz(pi/2) q[5]; sx q[5]; rz(pi/2) q[5];\ncz q[4], q[5];\nrz(pi/2) q[5]; sx q[5]; rz(pi/2) q[5];\nc[0] = measure q[4];\nc[1] = measure q[5];\n",
            "bell.qasm", _ => null).Circuit!;

        var job = await square.SubmitAsync(new BackendJob("r-1", [circuit], 400, 7), default);
        var result = await square.GetResultAsync(job, default);

        // The device's noise (FakeDeviceNoiseTests checks its rates) leaves the Bell outcomes far ahead.
        Assert.True(result.Counts[0].GetValueOrDefault("00") + result.Counts[0].GetValueOrDefault("11") > 360);
        Assert.Equal(400, result.Counts[0].Values.Sum());
    }

    [Fact]
    public async Task FakeDevice_SimulatesOnlyTheQubitsACircuitTouches()
    {
        Assert.True(BackendRegistry.CreateDefault().TryGet("fake.heavyhex27", out var heavyHex));
        var circuit = OpenQasmParser.Parse(
            "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[27] q;\nbit[2] c;\nx q[25];\ncx q[25], q[26];\nc[0] = measure q[25];\nc[1] = measure q[26];\n",
            "far.qasm", _ => null).Circuit!;

        var job = await heavyHex.SubmitAsync(new BackendJob("r-2", [circuit], 50, 1), default);
        var result = await heavyHex.GetResultAsync(job, default);

        Assert.True(result.Counts[0]["11"] >= 45);
        Assert.Equal(50, result.Counts[0].Values.Sum());
    }

    [Fact]
    public async Task FakeDevice_RefusesANonNativeCircuit_AsHardwareWould()
    {
        Assert.True(BackendRegistry.CreateDefault().TryGet("fake.ion25", out var ion));
        var circuit = OpenQasmParser.Parse("OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[1] q;\nh q[0];\n", "h.qasm", _ => null).Circuit!;

        var error = await Assert.ThrowsAsync<BackendException>(() => ion.SubmitAsync(new BackendJob("r-3", [circuit], 10, 1), default));

        Assert.Equal(BackendErrorKind.InvalidInput, error.Kind);
        Assert.Contains("h is not native on fake.ion25", error.Message, StringComparison.Ordinal);
    }
}
