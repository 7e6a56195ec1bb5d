using Qxm.Circuits.Ir;

namespace Qxm.Backends.Contract;

/// <summary>What a backend is asked to run: bound circuits (one per sweep point), each for <see cref="Shots"/> shots,
/// with optional run <see cref="Options"/> for simulators.</summary>
public sealed record BackendJob(string RunId, IReadOnlyList<Circuit> Circuits, int Shots, ulong Seed, BackendRunOptions? Options = null);
