using System.Diagnostics;

namespace Qxm.Simulation.Diagnostics;

/// <summary>The phases of a simulation as activities of one source, so a whole-process profile (`qxm run --timings`,
/// `qxm bench --end-to-end`) can split a run without the simulator knowing who listens. With no listener, starting an
/// activity costs a null check.</summary>
public static class SimulationActivities
{
    /// <summary>The source name listeners subscribe to.</summary>
    public const string SourceName = "qxm.simulation";

    /// <summary>Circuit to kernels and gate shapes.</summary>
    public const string Compile = "compile";

    /// <summary>Gates to passes.</summary>
    public const string Plan = "plan";

    /// <summary>The state's memory, taken from the pool or the operating system.</summary>
    public const string Memory = "memory";

    /// <summary>The passes over the state, the first one included (it touches fresh pages).</summary>
    public const string Passes = "passes";

    /// <summary>The probability of each outcome of the measured qubits.</summary>
    public const string Marginals = "marginals";

    /// <summary>Shots drawn from the marginal and turned into counts.</summary>
    public const string Sampling = "sampling";

    /// <summary>Noise realisations evolved, sampled and merged (noisy runs).</summary>
    public const string Trajectories = "trajectories";

    internal static readonly ActivitySource Source = new(SourceName);

    internal static Activity? Start(string phase) => Source.StartActivity(phase, ActivityKind.Internal);
}
