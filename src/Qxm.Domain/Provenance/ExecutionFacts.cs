namespace Qxm.Domain.Provenance;

/// <summary>Where and how one attempt of a run executed, captured by the process that ran it when its result arrived:
/// the qxm build, the runtime and machine, the backend's kind and the content hash of its target, how a simulator ran
/// (method, threads, precision, vectors, trajectories) and the hash of every bound circuit sent.</summary>
/// <param name="QxmVersion">The product version, from the assembly's informational version (before the <c>+</c>).</param>
/// <param name="QxmCommit">The source commit the binary was built from (after the <c>+</c>), <c>unknown</c> when the build did not say.</param>
/// <param name="VectorWidth">The widest hardware-accelerated vector, in bits, that the simulators could use on this machine.</param>
/// <param name="TargetVersion">The SHA-256 of the backend's target as JSON: it changes whenever the limits validation read change.</param>
/// <param name="Calibrated">True when the backend publishes calibration snapshots, so the run must name the one it ran under.</param>
/// <param name="Simulation">The simulator's own account of how it ran; empty for a device or remote backend.</param>
public sealed record ExecutionFacts(
    int Attempt,
    DateTimeOffset At,
    string QxmVersion,
    string QxmCommit,
    string Runtime,
    string OperatingSystem,
    string Architecture,
    string CpuModel,
    int CpuCount,
    int VectorWidth,
    string BackendKind,
    string TargetVersion,
    bool Calibrated,
    double ExecutionSeconds,
    IReadOnlyDictionary<string, string> Simulation,
    IReadOnlyList<string> BoundCircuits);
