namespace Qxm.Simulation.Noise;

/// <summary>A completely positive, trace-preserving map that follows a gate. The density-matrix simulator applies it
/// exactly; a trajectory draws one of its Kraus branches.</summary>
internal abstract record NoiseChannel;
