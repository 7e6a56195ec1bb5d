namespace Qxm.Domain.Backends;

/// <summary>A native operation of a target and where it is available.</summary>
/// <param name="Name">The gate name, as in OpenQASM (<c>cx</c>, <c>sx</c>, <c>ms</c>).</param>
/// <param name="Arity">How many qubits it acts on.</param>
/// <param name="QubitTuples">The ordered qubit tuples it is available on; null for every tuple of distinct qubits.</param>
/// <param name="DurationNs">Typical duration in nanoseconds, when known.</param>
/// <param name="Error">Typical error per operation, when known.</param>
public sealed record TargetOperation(
    string Name,
    int Arity,
    IReadOnlyList<IReadOnlyList<int>>? QubitTuples = null,
    double? DurationNs = null,
    double? Error = null)
{
    public bool IsAvailableOn(IReadOnlyList<int> qubits)
    {
        ArgumentNullException.ThrowIfNull(qubits);
        if (qubits.Count != Arity)
        {
            return false;
        }

        return QubitTuples is null || QubitTuples.Any(t => t.SequenceEqual(qubits));
    }
}
