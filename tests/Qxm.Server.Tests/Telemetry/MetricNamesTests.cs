using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Qxm.Engine.Diagnostics;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Telemetry;

/// <summary>Metric names are what dashboards and alerts depend on: every declared instrument, its kind, unit and
/// description, against a snapshot, so a rename shows up as a reviewable diff.</summary>
public sealed class MetricNamesTests
{
    [Fact]
    public void Instruments_MatchSnapshot()
    {
        foreach (var component in typeof(QxmTelemetry).GetNestedTypes())
        {
            RuntimeHelpers.RunClassConstructor(component.TypeHandle);
        }

        var lines = new SortedSet<string>(StringComparer.Ordinal);
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (QxmTelemetry.Components.Contains(instrument.Meter.Name))
                {
                    var kind = instrument.GetType().Name.Split('`')[0];
                    lines.Add($"{instrument.Name} | {kind} | {instrument.Unit} | {instrument.Meter.Name} | {instrument.Description}");
                }
            },
        };
        listener.Start();

        Assert.All(lines, l => Assert.StartsWith("qxm.", l, StringComparison.Ordinal));
        Snapshot.Match(string.Join('\n', lines), "Telemetry", "Snapshots", "metrics.txt");
    }
}
