using Qxm.Circuits.Ir;
using Qxm.Domain.Backends;

namespace Qxm.Circuits.Validation;

/// <summary>What the rules read: the parsed circuit, its sweep, the job's size and the target it is meant for.</summary>
/// <param name="Circuit">The circuit as parsed, before binding.</param>
/// <param name="File">The circuit's file as the user named it, for diagnostics.</param>
/// <param name="Points">The sweep points, one binding of the inputs each (one empty point without parameters).</param>
/// <param name="BoundCircuits">One bound circuit per point; empty when binding failed.</param>
/// <param name="Shots">Shots per point.</param>
/// <param name="Backend">The backend id, named in messages.</param>
public sealed record ValidationContext(
    Circuit Circuit,
    string File,
    IReadOnlyList<IReadOnlyDictionary<string, double>> Points,
    IReadOnlyList<Circuit> BoundCircuits,
    int Shots,
    string Backend,
    Target Target)
{
    /// <summary>A qubit's name as the program spells it: <c>q[3]</c>, <c>$3</c>, or the flat index when no register holds it.</summary>
    public string QubitName(int qubit) => Circuit.UsesPhysicalQubits ? $"${qubit}" : NameIn(Circuit.QuantumRegisters, qubit, "q");

    /// <summary>A clbit's name as the program spells it.</summary>
    public string ClbitName(int clbit) => NameIn(Circuit.ClassicalRegisters, clbit, "c");

    private static string NameIn(IEnumerable<Register> registers, int index, string fallback)
    {
        var register = registers.FirstOrDefault(r => index >= r.Offset && index < r.Offset + r.Size);
        return register is null ? $"{fallback}{index}" : $"{register.Name}[{index - register.Offset}]";
    }
}
