namespace Qxm.Domain.Experiments;

/// <summary>The qubit coupling an experiment's circuit assumes.</summary>
public enum Connectivity
{
    /// <summary>No assumption: the circuit is validated against each backend's coupling map.</summary>
    Any,

    /// <summary>Neighbours on a line: the backend must have a path through enough qubits.</summary>
    Linear,

    /// <summary>Every pair coupled.</summary>
    AllToAll,
}
