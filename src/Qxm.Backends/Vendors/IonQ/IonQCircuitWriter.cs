using System.Globalization;
using System.Text.Json.Nodes;
using Qxm.Backends.Contract;
using Qxm.Circuits.Ir;

namespace Qxm.Backends.Vendors.IonQ;

/// <summary>qxm's IR as IonQ's JSON circuit (<c>ionq.circuit.v1</c> input). A circuit that uses any of the trapped-ion
/// gates of <c>ionq.inc</c> goes out in the <c>native</c> gate set (gpi, gpi2, ms; phases in turns, as qxm already keeps
/// them) and may use nothing else; any other circuit goes out in the <c>qis</c> gate set, which IonQ compiles. IonQ
/// measures every qubit once at the end, so a circuit must measure only at its end; which clbit each qubit lands in is
/// kept in the returned <see cref="MeasurementMap"/> and applied to the vendor's answer.</summary>
internal static class IonQCircuitWriter
{
    public const string Qis = "qis";
    public const string Native = "native";

    private static readonly HashSet<string> NativeGates = new(StringComparer.Ordinal) { "gpi", "gpi2", "ms" };

    /// <summary>The qis gates qxm can send, all-to-all: what a Target for an IonQ device declares.</summary>
    public static readonly IReadOnlyList<(string Name, int Arity)> QisGates =
    [
        ("x", 1), ("y", 1), ("z", 1), ("h", 1), ("s", 1), ("sdg", 1), ("t", 1), ("tdg", 1), ("sx", 1), ("sxdg", 1),
        ("rx", 1), ("ry", 1), ("rz", 1), ("p", 1), ("u1", 1), ("phase", 1), ("u", 1), ("u3", 1), ("U", 1), ("id", 1),
        ("cx", 2), ("CX", 2), ("cy", 2), ("cz", 2), ("ch", 2), ("swap", 2), ("crx", 2), ("cry", 2), ("crz", 2),
        ("rxx", 2), ("ryy", 2), ("rzz", 2), ("ccx", 3),
    ];

    public static string GateSetOf(Circuit circuit) =>
        OperationTree.Descendants(circuit.Operations).OfType<GateOperation>().Any(g => NativeGates.Contains(g.Name)) ? Native : Qis;

    /// <summary>The circuit's gate list in <paramref name="gateSet"/>; <see cref="BackendErrorKind.InvalidInput"/> for
    /// anything IonQ cannot run as asked.</summary>
    public static JsonArray Write(Circuit circuit, string gateSet)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        var gates = new JsonArray();
        var measured = new HashSet<int>();
        foreach (var op in circuit.Operations)
        {
            switch (op)
            {
                case GateOperation g:
                    if (g.Qubits.Any(measured.Contains))
                    {
                        throw Refuse(op, $"'{g.Name}' acts on a qubit after it was measured; IonQ measures every qubit once, at the end");
                    }

                    if (gateSet == Native)
                    {
                        WriteNative(gates, g);
                    }
                    else
                    {
                        WriteQis(gates, g);
                    }

                    break;
                case MeasureOperation m:
                    measured.Add(m.Qubit);
                    break;
                case BarrierOperation:
                    break;
                default:
                    throw Refuse(op, $"IonQ runs gates and final measurements only, not {Describe(op)}");
            }
        }

        return gates;
    }

    private static void WriteNative(JsonArray gates, GateOperation g)
    {
        switch (g.Name)
        {
            case "gpi" or "gpi2":
                gates.Add(new JsonObject { ["gate"] = g.Name, ["target"] = g.Qubits[0], ["phase"] = Value(g, 0) });
                break;
            case "ms":
                gates.Add(new JsonObject
                {
                    ["gate"] = "ms", ["targets"] = new JsonArray(g.Qubits[0], g.Qubits[1]),
                    ["phases"] = new JsonArray(Value(g, 0), Value(g, 1)),
                });
                break;
            case "id":
                break;
            default:
                throw Refuse(g, $"the circuit uses IonQ's native gates, so every gate must be gpi, gpi2 or ms; '{g.Name}' is not");
        }
    }

    private static void WriteQis(JsonArray gates, GateOperation g)
    {
        var q = g.Qubits;
        switch (g.Name)
        {
            case "x" or "y" or "z" or "h" or "s" or "t":
                gates.Add(Gate(g.Name, q[0]));
                break;
            case "sdg":
                gates.Add(Gate("si", q[0]));
                break;
            case "tdg":
                gates.Add(Gate("ti", q[0]));
                break;
            case "sx":
                gates.Add(Gate("v", q[0]));
                break;
            case "sxdg":
                gates.Add(Gate("vi", q[0]));
                break;
            case "rx" or "ry" or "rz":
                gates.Add(Rotation(g.Name, q[0], Value(g, 0)));
                break;
            case "p" or "u1" or "phase":
                // Equal to rz up to a global phase, which no measurement sees.
                gates.Add(Rotation("rz", q[0], Value(g, 0)));
                break;
            case "u" or "u3" or "U":
                // U(θ, φ, λ) = Rz(φ) Ry(θ) Rz(λ) up to a global phase: applied right to left.
                gates.Add(Rotation("rz", q[0], Value(g, 2)));
                gates.Add(Rotation("ry", q[0], Value(g, 0)));
                gates.Add(Rotation("rz", q[0], Value(g, 1)));
                break;
            case "id":
                break;
            case "cx" or "CX":
                gates.Add(new JsonObject { ["gate"] = "cnot", ["control"] = q[0], ["target"] = q[1] });
                break;
            case "cy" or "cz" or "ch":
                gates.Add(new JsonObject { ["gate"] = g.Name[1..], ["control"] = q[0], ["target"] = q[1] });
                break;
            case "crx" or "cry" or "crz":
                gates.Add(new JsonObject { ["gate"] = g.Name[1..], ["control"] = q[0], ["target"] = q[1], ["rotation"] = Value(g, 0) });
                break;
            case "swap":
                gates.Add(new JsonObject { ["gate"] = "swap", ["targets"] = new JsonArray(q[0], q[1]) });
                break;
            case "rxx" or "ryy" or "rzz":
                gates.Add(new JsonObject { ["gate"] = g.Name[1..], ["targets"] = new JsonArray(q[0], q[1]), ["rotation"] = Value(g, 0) });
                break;
            case "ccx":
                gates.Add(new JsonObject { ["gate"] = "cnot", ["controls"] = new JsonArray(q[0], q[1]), ["target"] = q[2] });
                break;
            default:
                throw Refuse(g, $"IonQ's qis gate set has no '{g.Name}'");
        }
    }

    private static JsonObject Gate(string name, int target) => new() { ["gate"] = name, ["target"] = target };

    private static JsonObject Rotation(string name, int target, double radians) =>
        new() { ["gate"] = name, ["target"] = target, ["rotation"] = radians };

    private static double Value(GateOperation g, int index)
    {
        var value = g.Parameters[index].Evaluate(Expr.NoBindings);
        return double.IsFinite(value) ? value : throw Refuse(g, $"parameter {index + 1} of '{g.Name}' is not a finite number");
    }

    private static string Describe(Operation op) => op switch
    {
        ResetOperation => "a reset",
        ConditionalOperation or IfOperation => "a classically conditioned operation",
        WhileOperation => "a loop on measurement results",
        ClassicalAssignOperation => "a run-time write of classical bits",
        DelayOperation => "a delay",
        BoxOperation => "a timed box",
        _ => op.GetType().Name,
    };

    private static BackendException Refuse(Operation op, string message) =>
        new(BackendErrorKind.InvalidInput, op.Span.Line > 0
            ? string.Create(CultureInfo.InvariantCulture, $"line {op.Span.Line}: {message}")
            : message);
}
