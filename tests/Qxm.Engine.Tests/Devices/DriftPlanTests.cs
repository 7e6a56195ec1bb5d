using Microsoft.Extensions.Time.Testing;
using Qxm.Backends.Contract;
using Qxm.Backends.Devices;
using Qxm.Backends.Registry;
using Qxm.Domain.Errors;

namespace Qxm.Engine.Tests.Devices;

/// <summary>The <c>drift</c> section of a device file and the calibration it makes change over (virtual) time.</summary>
public class DriftPlanTests
{
    private const string Head = """
        { "name": "line3", "qubits": 3, "maxShots": 1000, "maxCircuits": 10,
          "operations": [ { "name": "x", "durationNs": 35, "error": 0.0003 } ],
          "calibration": { "takenAt": "2025-01-01T00:00:00Z", "t1Us": 100, "t2Us": 80, "readoutError": 0.02 }
        """;

    [Fact]
    public void Read_TheDocumentedSection_GivesThePlan()
    {
        var device = DeviceFileReader.Read(Head + """
            , "drift": { "seed": 3, "everySeconds": 60, "t1RelativeStep": 0.02, "jumps": [ { "afterSeconds": 300, "qubit": 2, "readoutError": 0.2 } ] } }
            """, "line3.json");

        var plan = device.Drift!;
        Assert.Equal((3UL, TimeSpan.FromSeconds(60), 0.02), (plan.Seed, plan.Every, plan.T1RelativeStep));
        Assert.Equal(new DriftJump(TimeSpan.FromSeconds(300), 2, 0.2, null, null), Assert.Single(plan.Jumps));
        Assert.Null(DeviceFileReader.Read(Head + "}", "line3.json").Drift);
    }

    [Theory]
    [InlineData("""{ "everySeconds": 60 }""", "drift.seed: a non-negative integer is required")]
    [InlineData("""{ "seed": 1, "everySeconds": 0 }""", "drift.everySeconds: a number of seconds from 1 to 2592000 is expected")]
    [InlineData("""{ "seed": 1, "everySeconds": 60, "jumps": [ { "afterSeconds": 5, "qubit": 3, "readoutError": 0.1 } ] }""", "drift.jumps[0].qubit: a qubit from 0 to 2 is required")]
    [InlineData("""{ "seed": 1, "everySeconds": 60, "jumps": [ { "afterSeconds": 5, "qubit": 1 } ] }""", "drift.jumps[0]: a jump sets at least one of readoutError, t1Us, t2Us")]
    public void Read_AMistake_NamesTheField(string drift, string message)
    {
        var error = Assert.Throws<QxmException>(() => DeviceFileReader.Read(Head + $", \"drift\": {drift} }}", "line3.json"));

        Assert.Equal("device file line3.json: " + message, error.Message);
    }

    [Fact]
    public async Task Calibration_ChangesEveryPeriod_DeterministicallyUnderTheSeed_WithTheJumpFromItsTime()
    {
        var file = Head + """
            , "drift": { "seed": 3, "everySeconds": 60, "t1RelativeStep": 0.02, "jumps": [ { "afterSeconds": 300, "qubit": 2, "readoutError": 0.2 } ] } }
            """;
        var (first, firstClock) = Source(file);
        var (second, secondClock) = Source(file);
        var start = firstClock.GetUtcNow();

        var a0 = await first.GetCalibrationAsync(default);
        firstClock.Advance(TimeSpan.FromSeconds(59));
        Assert.Same(a0, await first.GetCalibrationAsync(default));
        firstClock.Advance(TimeSpan.FromSeconds(1));
        var a1 = await first.GetCalibrationAsync(default);
        secondClock.Advance(TimeSpan.FromSeconds(60));
        var b1 = await second.GetCalibrationAsync(default);

        Assert.Equal(start.AddSeconds(60), a1.TakenAt);
        Assert.NotEqual(a0.Qubits[0].T1Us, a1.Qubits[0].T1Us);
        Assert.InRange(a1.Qubits[0].T1Us / a0.Qubits[0].T1Us, 0.9, 1.1);
        Assert.Equal(a1.Qubits, b1.Qubits);

        firstClock.Advance(TimeSpan.FromSeconds(180));
        Assert.Equal(0.02, (await first.GetCalibrationAsync(default)).Qubits[2].ReadoutError);
        firstClock.Advance(TimeSpan.FromSeconds(60));
        var after = await first.GetCalibrationAsync(default);
        Assert.Equal(start.AddSeconds(300), after.TakenAt);
        Assert.Equal(0.2, after.Qubits[2].ReadoutError);
        Assert.Equal(0.02, after.Qubits[1].ReadoutError);
    }

    private static (ICalibrationSource Source, FakeTimeProvider Clock) Source(string file)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        var directory = Directory.CreateTempSubdirectory("qxm-drift-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "line3.json"), file);
            Assert.True(BackendRegistry.CreateDefault(directory.FullName, clock).TryGet("fake.line3", out var backend));
            return ((ICalibrationSource)backend, clock);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
