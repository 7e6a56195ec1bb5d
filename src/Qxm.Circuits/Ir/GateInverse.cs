using Qxm.Circuits.Parsing;

namespace Qxm.Circuits.Ir;

/// <summary>Inverses of library gates, as <c>inv @</c> lowers them (s to sdg, a rotation to its negated angle, u3 with
/// its angles negated and swapped): for passes after parsing that undo a circuit, such as unitary folding.</summary>
public static class GateInverse
{
    /// <summary>The library gate that undoes <paramref name="gate"/> on the same qubits; null when the library has none.</summary>
    public static GateOperation? Of(GateOperation gate)
    {
        ArgumentNullException.ThrowIfNull(gate);
        var name = gate.Name;
        var values = gate.Parameters;
        return ModifierLowering.TryInvert(ref name, ref values) ? gate with { Name = name, Parameters = values } : null;
    }
}
