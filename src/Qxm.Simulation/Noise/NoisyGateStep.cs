using Qxm.Simulation.StateVector;

namespace Qxm.Simulation.Noise;

/// <summary>A gate followed by its noise. <paramref name="Gate"/> is null for an identity gate, whose noise remains.</summary>
internal sealed record NoisyGateStep(GateStep? Gate, NoiseChannel[] Channels) : Step;
