using System.Text.Json;
using Qxm.Backends.Vendors.IonQ;

namespace Qxm.Engine.Tests.Vendors.IonQ;

/// <summary>A characterization written from IonQ's documented shape, read into a snapshot and a Target.</summary>
public sealed class IonQCharacterizationTests
{
    [Fact]
    public void Snapshot_FromTheAria1Fixture_GivesEveryQubitAndPairTheMedians()
    {
        var raw = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Vendors", "IonQ", "Fixtures", "characterization-aria-1.json"));
        using var document = JsonDocument.Parse(raw);

        var snapshot = IonQCharacterization.Snapshot("ionq.aria", document.RootElement, 25, raw);

        Assert.Equal(25, snapshot.Qubits.Count);
        Assert.All(snapshot.Qubits, q => Assert.Equal((100e6, 1e6, 0.0061), (q.T1Us, q.T2Us, Math.Round(q.ReadoutError, 6))));
        var ms = snapshot.Gates.Where(g => g.Gate == "ms").ToList();
        Assert.Equal(25 * 24 / 2, ms.Count);
        Assert.All(ms, g => Assert.Equal((0.0134, 600_000.0), (Math.Round(g.Error, 6), Math.Round(g.DurationNs, 3))));
        Assert.Equal(new DateTimeOffset(2025, 12, 6, 0, 0, 0, TimeSpan.Zero), snapshot.TakenAt);
    }

    [Fact]
    public void Target_IsAllToAll_WithTheNativeAndQisGates_AndNoMidCircuitFeatures()
    {
        var target = IonQDevices.Target(25);

        Assert.True(target.IsAllToAll);
        Assert.True(target.IsAvailable("ms", [3, 17]));
        Assert.True(target.IsAvailable("cx", [24, 0]));
        Assert.False(target.IsNative("cswap"));
        Assert.False(target.Features.MidCircuitMeasurement);
    }
}
