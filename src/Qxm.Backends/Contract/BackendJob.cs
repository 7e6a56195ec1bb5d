using Qxm.Circuits.Ir;

namespace Qxm.Backends.Contract;

/// <summary>What a backend is asked to run: bound circuits (one per sweep point), each for <see cref="Shots"/> shots.</summary>
public sealed record BackendJob(string RunId, IReadOnlyList<Circuit> Circuits, int Shots, ulong Seed);
