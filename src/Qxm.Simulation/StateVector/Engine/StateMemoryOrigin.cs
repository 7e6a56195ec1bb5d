namespace Qxm.Simulation.StateVector.Engine;

/// <summary>Where a state's memory came from (<see cref="StateMemoryPool.Take"/>).</summary>
internal enum StateMemoryOrigin
{
    /// <summary>Fresh from the system: reads as zeros, pages not yet touched.</summary>
    Fresh,

    /// <summary>Faulted in ahead of the run (<see cref="StateMemoryPool.Prepare"/>): reads as zeros, pages present.</summary>
    Prepared,

    /// <summary>A previous run's: pages present, contents anything.</summary>
    Reused,
}
