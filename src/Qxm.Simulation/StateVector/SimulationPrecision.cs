namespace Qxm.Simulation.StateVector;

/// <summary>Floating-point width of the amplitudes: single halves memory traffic at about 1e-6 relative accuracy.</summary>
#pragma warning disable CA1720 // The names are the IEEE precisions users pass as --precision double|single.
public enum SimulationPrecision
{
    Double,
    Single,
}
#pragma warning restore CA1720
