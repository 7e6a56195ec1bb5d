namespace Qxm.Backends.Devices;

/// <summary>How a fake device's calibration changes over time (the <c>drift</c> section of its data file): a new
/// snapshot every <see cref="Every"/>, T1 of every qubit taking a seeded random step of relative size
/// <see cref="T1RelativeStep"/> at each, and <see cref="Jumps"/> that set a qubit's figures from a time on.</summary>
public sealed record DriftPlan(ulong Seed, TimeSpan Every, double T1RelativeStep, IReadOnlyList<DriftJump> Jumps);
