namespace Qxm.Simulation.StateVector;

/// <summary>One executable step of a compiled circuit; barriers and identity gates compile to nothing.</summary>
internal abstract record Step;
