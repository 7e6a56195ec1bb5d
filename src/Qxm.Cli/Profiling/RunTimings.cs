using System.Diagnostics;
using System.Globalization;
using System.Text;
using Qxm.Engine.Diagnostics;
using Qxm.Simulation.Diagnostics;

namespace Qxm.Cli.Profiling;

/// <summary>Where the time of one <c>qxm run</c> process goes: its own phases (start-up until the command runs, opening
/// the data directory, submission, waiting, fetching and printing the result, closing) timed here, and inside the
/// wait the simulator's and the ingestion's phases, collected from their activities. Printed as one line of JSON on
/// stderr, <c>timings {...}</c>, which <c>qxm bench --end-to-end</c> reads from the processes it starts.</summary>
internal sealed class RunTimings : IDisposable
{
    public const string LinePrefix = "timings ";

    /// <summary>Inner phases in the order they happen; each is a sum over the activities of that name.</summary>
    public static readonly string[] InnerPhases =
    [
        SimulationActivities.Compile, SimulationActivities.Plan, SimulationActivities.Memory, SimulationActivities.Passes,
        SimulationActivities.Marginals, SimulationActivities.Sampling, SimulationActivities.Trajectories, StoreResult,
    ];

    /// <summary>The phase name of the ingestion's activity (checking, writing and recording a result).</summary>
    private const string StoreResult = "store-result";

    private readonly ActivityListener _listener;
    private readonly Dictionary<string, double> _inner = new(StringComparer.Ordinal);
    private readonly List<(string Phase, double Seconds)> _outer = [];
    private readonly Lock _gate = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly double _startup;

    public RunTimings()
    {
        // The process's start time has the kernel's tick resolution (10 ms), which is fine beside a start-up of 100 ms+.
        _startup = Math.Max(0, (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalSeconds);
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is SimulationActivities.SourceName or QxmTelemetry.Ingest.Name,
            Sample = static (ref _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                var phase = activity.Source.Name == QxmTelemetry.Ingest.Name ? StoreResult : activity.OperationName;
                lock (_gate)
                {
                    _inner[phase] = _inner.GetValueOrDefault(phase) + activity.Duration.TotalSeconds;
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Ends the current outer phase, named <paramref name="phase"/>, and starts the next.</summary>
    public void Mark(string phase)
    {
        _outer.Add((phase, _clock.Elapsed.TotalSeconds));
        _clock.Restart();
    }

    /// <summary>The JSON line: start-up, then each outer phase; within <c>wait</c>, the inner phases and what is left.</summary>
    public string Line()
    {
        var c = CultureInfo.InvariantCulture;
        var json = new StringBuilder(LinePrefix).Append(c, $"{{\"startup\":{_startup:F4}");
        lock (_gate)
        {
            foreach (var (phase, seconds) in _outer)
            {
                if (phase == "wait")
                {
                    var inner = 0.0;
                    foreach (var name in InnerPhases.Where(_inner.ContainsKey))
                    {
                        json.Append(c, $",\"{name}\":{_inner[name]:F4}");
                        inner += _inner[name];
                    }

                    json.Append(c, $",\"dispatch\":{Math.Max(0, seconds - inner):F4}");
                }
                else
                {
                    json.Append(c, $",\"{phase}\":{seconds:F4}");
                }
            }
        }

        return json.Append('}').ToString();
    }

    public void Dispose() => _listener.Dispose();
}
