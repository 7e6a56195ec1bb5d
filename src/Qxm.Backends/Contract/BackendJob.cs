using Qxm.Circuits.Ir;
using Qxm.Domain.Backends;

namespace Qxm.Backends.Contract;

/// <summary>What a backend is asked to run: bound circuits (one per sweep point), each for <see cref="Shots"/> shots,
/// with optional run <see cref="Options"/> for simulators and the <see cref="Calibration"/> the run is bound to, which
/// backends that simulate noise (fake devices, <c>sim.noisy</c>, <c>sim.density</c>) simulate under; null means their own.</summary>
public sealed record BackendJob(
    string RunId, IReadOnlyList<Circuit> Circuits, int Shots, ulong Seed, BackendRunOptions? Options = null, CalibrationSnapshot? Calibration = null)
{
    /// <summary>The vendor session (<see cref="IVendorSessions"/>) the job runs in; null outside one.</summary>
    public string? VendorSession { get; init; }
}
