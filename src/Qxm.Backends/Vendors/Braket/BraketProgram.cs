using System.Text;
using System.Text.Json.Nodes;
using Qxm.Backends.Contract;
using Qxm.Circuits.Export;
using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;

namespace Qxm.Backends.Vendors.Braket;

/// <summary>A circuit as Braket's OpenQASM action (<c>braket.ir.openqasm.program</c>): the program qxm's
/// <see cref="OpenQasm3Writer"/> writes, with each gate under the name Braket gives it (Braket's gates are built in, so
/// the program includes no library), and back: the program a task ran, read with qxm's parser, tells which clbit each
/// measured qubit lands in, so a result is read the same way after qxm restarted.</summary>
internal static class BraketProgram
{
    public const string ActionType = "braket.ir.openqasm.program";

    /// <summary>The action's JSON text, as CreateQuantumTask takes it (a string inside the request).</summary>
    public static string Action(Circuit circuit) => new JsonObject
    {
        ["braketSchemaHeader"] = new JsonObject { ["name"] = ActionType, ["version"] = "1" },
        ["source"] = Source(circuit),
        ["inputs"] = new JsonObject(),
    }.ToJsonString();

    /// <summary>The program text. The writer puts one statement on a line, a gate's name first after the indent, so a
    /// gate is renamed where a line starts with its name followed by its parameters or operands.</summary>
    public static string Source(Circuit circuit)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        return Rename(OpenQasm3Writer.Write(circuit), BraketDevices.FromQxm, include: null);
    }

    /// <summary>The circuit of a program Braket ran, or null when it cannot be read (not a program qxm wrote).</summary>
    public static Circuit? Read(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return OpenQasmParser.Parse(Rename(source, BraketDevices.ToQxm, include: "qelib1.inc"), "braket-task.qasm", _ => null).Circuit;
    }

    /// <summary>The first gate Braket has no name for, or null.</summary>
    public static GateOperation? Untranslatable(Circuit circuit) =>
        OperationTree.Descendants(circuit.Operations).OfType<GateOperation>().FirstOrDefault(g => !BraketDevices.FromQxm.ContainsKey(g.Name));

    private static string Rename(string program, IReadOnlyDictionary<string, string> names, string? include)
    {
        var result = new StringBuilder(program.Length + 32);
        foreach (var line in program.Split('\n'))
        {
            var trimmed = line.TrimStart();
            if (trimmed.StartsWith("include ", StringComparison.Ordinal))
            {
                continue;
            }

            var indent = line[..(line.Length - trimmed.Length)];
            var end = 0;
            while (end < trimmed.Length && (char.IsAsciiLetterOrDigit(trimmed[end]) || trimmed[end] == '_'))
            {
                end++;
            }

            if (end > 0 && end < trimmed.Length && trimmed[end] is '(' or ' ' && names.TryGetValue(trimmed[..end], out var renamed))
            {
                result.Append(indent).Append(renamed).Append(trimmed[end..]).Append('\n');
            }
            else
            {
                result.Append(line).Append('\n');
            }

            if (include is not null && trimmed.StartsWith("OPENQASM", StringComparison.Ordinal))
            {
                result.Append("include \"").Append(include).Append("\";\n");
            }
        }

        return result.ToString().TrimEnd('\n') + "\n";
    }

    /// <summary>Refuses a circuit Braket cannot take, before any call.</summary>
    public static void Check(Circuit circuit, string device, int qubits)
    {
        if (circuit.QubitCount > qubits)
        {
            throw new BackendException(BackendErrorKind.InvalidInput, $"the circuit uses {circuit.QubitCount} qubits; {device} has {qubits}");
        }

        if (Untranslatable(circuit) is { } gate)
        {
            throw new BackendException(BackendErrorKind.InvalidInput,
                $"{gate.Name} at line {gate.Span.Line} has no equivalent among Braket's gates; use {string.Join(", ", BraketDevices.FromQxm.Keys.Order(StringComparer.Ordinal))}");
        }
    }
}
