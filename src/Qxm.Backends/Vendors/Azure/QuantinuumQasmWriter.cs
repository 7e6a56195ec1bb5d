using System.Globalization;
using System.Text;
using Qxm.Backends.Contract;
using Qxm.Circuits.Ir;

namespace Qxm.Backends.Vendors.Azure;

/// <summary>qxm's IR as the OpenQASM 2 program Quantinuum's targets take through Azure (<c>honeywell.openqasm.v1</c>):
/// qelib1.inc gates with bound numeric parameters on one register <c>q</c>, measurements into one register <c>c</c> as
/// wide as the circuit's clbits (so the per-shot strings Quantinuum returns are qxm's bit strings, clbit 0 rightmost),
/// mid-circuit measurement and reset. Conditions, delays and boxes have no OpenQASM 2 form Quantinuum takes from qxm and
/// are refused before any call.</summary>
internal static class QuantinuumQasmWriter
{
    /// <summary>The gates qxm sends, by qxm's name and arity: what the Target of a Quantinuum device declares.</summary>
    public static readonly IReadOnlyList<(string Name, int Arity)> Gates =
    [
        ("x", 1), ("y", 1), ("z", 1), ("h", 1), ("s", 1), ("sdg", 1), ("t", 1), ("tdg", 1), ("sx", 1), ("sxdg", 1),
        ("rx", 1), ("ry", 1), ("rz", 1), ("p", 1), ("phase", 1), ("u1", 1), ("u2", 1), ("u3", 1), ("u", 1), ("U", 1), ("id", 1),
        ("cx", 2), ("CX", 2), ("cy", 2), ("cz", 2), ("ch", 2), ("crz", 2), ("cp", 2), ("cphase", 2), ("cu1", 2), ("swap", 2),
        ("rzz", 2), ("rxx", 2), ("ccx", 3),
    ];

    private static readonly Dictionary<string, string> Renamed = new(StringComparer.Ordinal)
    {
        ["CX"] = "cx", ["U"] = "u3", ["u"] = "u3", ["p"] = "u1", ["phase"] = "u1", ["cp"] = "cu1", ["cphase"] = "cu1",
    };

    private static readonly HashSet<string> Known = new(Gates.Select(g => g.Name), StringComparer.Ordinal);

    public static string Write(Circuit circuit)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        var sb = new StringBuilder("OPENQASM 2.0;\ninclude \"qelib1.inc\";\n");
        sb.Append(CultureInfo.InvariantCulture, $"qreg q[{Math.Max(1, circuit.QubitCount)}];\n");
        if (circuit.ClbitCount > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"creg c[{circuit.ClbitCount}];\n");
        }

        foreach (var op in circuit.Operations)
        {
            switch (op)
            {
                case GateOperation g:
                    Gate(sb, g);
                    break;
                case MeasureOperation m:
                    sb.Append(CultureInfo.InvariantCulture, $"measure q[{m.Qubit}] -> c[{m.Clbit}];\n");
                    break;
                case ResetOperation r:
                    sb.Append(CultureInfo.InvariantCulture, $"reset q[{r.Qubit}];\n");
                    break;
                case BarrierOperation b:
                    sb.Append("barrier ").Append(string.Join(", ", b.Qubits.Select(q => string.Create(CultureInfo.InvariantCulture, $"q[{q}]")))).Append(";\n");
                    break;
                default:
                    throw Refuse(op, $"qxm sends Quantinuum gates, measurements, resets and barriers only, not {op.GetType().Name.Replace("Operation", "", StringComparison.Ordinal).ToLowerInvariant()}");
            }
        }

        return sb.ToString();
    }

    private static void Gate(StringBuilder sb, GateOperation g)
    {
        if (!Known.Contains(g.Name))
        {
            throw Refuse(g, $"'{g.Name}' is not among the qelib1.inc gates qxm sends Quantinuum; decompose it first");
        }

        if (g.Name == "id")
        {
            return;
        }

        var name = Renamed.GetValueOrDefault(g.Name, g.Name);
        var parameters = g.Parameters.Select((_, i) => Value(g, i)).ToList();
        switch (g.Name)
        {
            case "sx":
                // √X is Rx(π/2) up to a global phase, which no measurement sees.
                (name, parameters) = ("rx", [Math.PI / 2]);
                break;
            case "sxdg":
                (name, parameters) = ("rx", [-Math.PI / 2]);
                break;
        }

        sb.Append(name);
        if (parameters.Count > 0)
        {
            sb.Append('(').Append(string.Join(",", parameters.Select(p => p.ToString("R", CultureInfo.InvariantCulture)))).Append(')');
        }

        sb.Append(' ').Append(string.Join(",", g.Qubits.Select(q => string.Create(CultureInfo.InvariantCulture, $"q[{q}]")))).Append(";\n");
    }

    private static double Value(GateOperation g, int index)
    {
        var value = g.Parameters[index].Evaluate(Expr.NoBindings);
        return double.IsFinite(value) ? value : throw Refuse(g, $"parameter {index + 1} of '{g.Name}' is not a finite number");
    }

    private static BackendException Refuse(Operation op, string message) =>
        new(BackendErrorKind.InvalidInput, op.Span.Line > 0 ? string.Create(CultureInfo.InvariantCulture, $"line {op.Span.Line}: {message}") : message);
}
