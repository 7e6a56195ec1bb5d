using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using Qxm.Circuits.Ir;

namespace Qxm.Circuits.Export;

/// <summary>Writes a circuit back as an OpenQASM 3 program that parses to the same circuit: the same registers,
/// inputs and operations in the same order. OpenQASM 2 conditionals become OpenQASM 3 <c>if</c> statements, which
/// run the same way per shot. Vendor formats that take OpenQASM 3 start from this text.</summary>
public static class OpenQasm3Writer
{
    private static readonly FrozenSet<string> StdGates = FrozenSet.Create(StringComparer.Ordinal,
        "U", "CX", "p", "x", "y", "z", "h", "s", "sdg", "t", "tdg", "sx", "rx", "ry", "rz", "cx", "cy", "cz", "cp", "crx", "cry",
        "crz", "ch", "swap", "ccx", "cswap", "cu", "phase", "cphase", "id", "u1", "u2", "u3");

    private static readonly FrozenSet<string> IonQGates = FrozenSet.Create(StringComparer.Ordinal, "gpi", "gpi2", "ms");

    /// <summary>The names stdgates.inc gives gates that qelib1.inc also has under another name: used when the
    /// circuit needs qelib1.inc (its gates outside stdgates.inc), since one program cannot include both.</summary>
    private static readonly FrozenDictionary<string, string> ToQelib1 = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["CX"] = "cx", ["phase"] = "p", ["cphase"] = "cp",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static string Write(Circuit circuit)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        var writer = new Writer(circuit);
        return writer.Program();
    }

    private sealed class Writer
    {
        private readonly Circuit _circuit;
        private readonly StringBuilder _sb = new();
        private readonly (string Name, int Index)[] _qubits;
        private readonly (string Name, int Index)[] _clbits;
        private readonly bool _qelib1;

        public Writer(Circuit circuit)
        {
            _circuit = circuit;
            _qubits = circuit.UsesPhysicalQubits
                ? [.. Enumerable.Range(0, circuit.QubitCount).Select(i => ("$" + i.ToString(CultureInfo.InvariantCulture), -1))]
                : Locate(circuit.QuantumRegisters, circuit.QubitCount, "q");
            _clbits = Locate(circuit.ClassicalRegisters, circuit.ClbitCount, "c");
            var used = OperationTree.Descendants(circuit.Operations).OfType<GateOperation>().Select(g => g.Name).ToHashSet(StringComparer.Ordinal);
            _qelib1 = used.Any(n => !StdGates.Contains(n) && !IonQGates.Contains(n));
        }

        public string Program()
        {
            _sb.Append("OPENQASM 3.0;\n").Append(_qelib1 ? "include \"qelib1.inc\";\n" : "include \"stdgates.inc\";\n");
            if (OperationTree.Descendants(_circuit.Operations).Any(o => o is GateOperation g && IonQGates.Contains(g.Name)))
            {
                _sb.Append("include \"ionq.inc\";\n");
            }

            var arrays = new HashSet<string>(StringComparer.Ordinal);
            foreach (var input in _circuit.Inputs)
            {
                // An input array's elements are inputs named with their indices: the array is declared once, by name.
                var bracket = input.IndexOf('[', StringComparison.Ordinal);
                if (bracket > 0 && _circuit.InputArrays.TryGetValue(input[..bracket], out var arrayType))
                {
                    if (arrays.Add(input[..bracket]))
                    {
                        _sb.Append("input ").Append(arrayType).Append(' ').Append(input[..bracket]).Append(";\n");
                    }

                    continue;
                }

                _sb.Append("input ").Append(_circuit.InputTypes.GetValueOrDefault(input, "float")).Append(' ').Append(input).Append(";\n");
            }

            foreach (var r in _circuit.QuantumRegisters)
            {
                _sb.Append("qubit[").Append(r.Size).Append("] ").Append(r.Name).Append(";\n");
            }

            foreach (var r in _circuit.ClassicalRegisters)
            {
                _sb.Append("bit[").Append(r.Size).Append("] ").Append(r.Name).Append(";\n");
            }

            if (OperationTree.Descendants(_circuit.Operations).Any(o => o is DelayOperation { Unit: "stretch" }))
            {
                _sb.Append("stretch qxm_stretch;\n");
            }

            var directive = 0;
            var directives = _circuit.Directives;
            for (var i = 0; i <= _circuit.Operations.Length; i++)
            {
                for (; directive < directives.Length && directives[directive].OperationIndex <= i; directive++)
                {
                    var d = directives[directive];
                    _sb.Append(d.Kind == DirectiveKind.Pragma ? "pragma " : "").Append(d.Text).Append('\n');
                }

                if (i < _circuit.Operations.Length)
                {
                    Statement(_circuit.Operations[i], "");
                }
            }

            return _sb.ToString();
        }

        private static (string, int)[] Locate(IReadOnlyList<Register> registers, int count, string fallback)
        {
            var located = new (string, int)[count];
            for (var i = 0; i < count; i++)
            {
                located[i] = (fallback, i);
            }

            foreach (var r in registers)
            {
                for (var i = 0; i < r.Size; i++)
                {
                    located[r.Offset + i] = (r.Name, i);
                }
            }

            return located;
        }

        private void Statement(Operation op, string indent)
        {
            _sb.Append(indent);
            switch (op)
            {
                case GateOperation g:
                    _sb.Append(_qelib1 && ToQelib1.TryGetValue(g.Name, out var renamed) ? renamed : g.Name);
                    if (g.Parameters.Length > 0)
                    {
                        _sb.Append('(');
                        for (var i = 0; i < g.Parameters.Length; i++)
                        {
                            _sb.Append(i > 0 ? ", " : "");
                            Expression(g.Parameters[i]);
                        }

                        _sb.Append(')');
                    }

                    _sb.Append(' ');
                    Qubits(g.Qubits);
                    _sb.Append(";\n");
                    break;
                case MeasureOperation m:
                    Bit(_clbits[m.Clbit]);
                    _sb.Append(" = measure ");
                    Bit(_qubits[m.Qubit]);
                    _sb.Append(";\n");
                    break;
                case ResetOperation r:
                    _sb.Append("reset ");
                    Bit(_qubits[r.Qubit]);
                    _sb.Append(";\n");
                    break;
                case BarrierOperation b:
                    _sb.Append("barrier ");
                    Qubits(b.Qubits);
                    _sb.Append(";\n");
                    break;
                case ConditionalOperation c:
                    _sb.Append("if (");
                    Condition(new ClbitComparison(c.Offset, c.Width, "==", c.Value));
                    _sb.Append(") {\n");
                    Statement(c.Body, indent + "  ");
                    _sb.Append(indent).Append("}\n");
                    break;
                case IfOperation i:
                    _sb.Append("if (");
                    Condition(i.Condition);
                    _sb.Append(") {\n");
                    Block(i.Then, indent);
                    if (!i.Else.IsEmpty)
                    {
                        _sb.Append(indent).Append("} else {\n");
                        Block(i.Else, indent);
                    }

                    _sb.Append(indent).Append("}\n");
                    break;
                case WhileOperation w:
                    _sb.Append("while (");
                    Condition(w.Condition);
                    _sb.Append(") {\n");
                    Block(w.Body, indent);
                    _sb.Append(indent).Append("}\n");
                    break;
                case ClassicalAssignOperation a:
                    Bit(_clbits[a.Clbit]);
                    _sb.Append(" = ");
                    Condition(a.Value);
                    _sb.Append(";\n");
                    break;
                case DelayOperation d:
                    _sb.Append("delay[");
                    Duration(d.Duration, d.Unit);
                    _sb.Append("] ");
                    Qubits(d.Qubits);
                    _sb.Append(";\n");
                    break;
                case BoxOperation box:
                    _sb.Append("box");
                    if (!double.IsNaN(box.Duration))
                    {
                        _sb.Append('[');
                        Duration(box.Duration, box.Unit);
                        _sb.Append(']');
                    }

                    _sb.Append(" {\n");
                    Block(box.Body, indent);
                    _sb.Append(indent).Append("}\n");
                    break;
                default:
                    throw new InvalidOperationException($"no OpenQASM 3 form for operation {op.GetType().Name}");
            }
        }

        private void Block(IEnumerable<Operation> operations, string indent)
        {
            foreach (var op in operations)
            {
                Statement(op, indent + "  ");
            }
        }

        private void Qubits(IReadOnlyList<int> qubits)
        {
            for (var i = 0; i < qubits.Count; i++)
            {
                _sb.Append(i > 0 ? ", " : "");
                Bit(_qubits[qubits[i]]);
            }
        }

        /// <summary>A register element, or a physical qubit (no index).</summary>
        private void Bit((string Name, int Index) bit)
        {
            _sb.Append(bit.Name);
            if (bit.Index >= 0)
            {
                _sb.Append('[').Append(bit.Index).Append(']');
            }
        }

        private void Duration(double value, string unit)
        {
            if (unit == "stretch")
            {
                _sb.Append("qxm_stretch");
                return;
            }

            _sb.Append(Number(value)).Append(unit);
        }

        private void Condition(Condition condition)
        {
            switch (condition)
            {
                case ClbitComparison c:
                    if (c.Width == 1)
                    {
                        Bit(_clbits[c.Offset]);
                    }
                    else if (_circuit.ClassicalRegisters.FirstOrDefault(r => r.Offset == c.Offset && r.Size == c.Width) is { } whole)
                    {
                        _sb.Append(whole.Name);
                    }
                    else
                    {
                        var (name, first) = _clbits[c.Offset];
                        _sb.Append(name).Append('[').Append(first).Append(':').Append(first + c.Width - 1).Append(']');
                    }

                    _sb.Append(' ').Append(c.Operator).Append(' ').Append(c.Value.ToString(CultureInfo.InvariantCulture));
                    break;
                case LogicalCondition l:
                    _sb.Append('(');
                    Condition(l.Left);
                    _sb.Append(") ").Append(l.Operator).Append(" (");
                    Condition(l.Right);
                    _sb.Append(')');
                    break;
                case ConstantCondition k:
                    _sb.Append(k.Value ? "true" : "false");
                    break;
                case InputComparison comparison:
                    Expression(comparison.Left);
                    _sb.Append(' ').Append(comparison.Operator).Append(' ');
                    Expression(comparison.Right);
                    break;
                case NotCondition n:
                    _sb.Append("!(");
                    Condition(n.Operand);
                    _sb.Append(')');
                    break;
                default:
                    throw new InvalidOperationException($"no OpenQASM 3 form for condition {condition.GetType().Name}");
            }
        }

        private void Expression(Expr expr)
        {
            switch (expr)
            {
                case ConstantExpr c:
                    _sb.Append(Number(c.Constant));
                    break;
                case InputExpr i:
                    _sb.Append(i.Name);
                    break;
                case UnaryExpr u:
                    _sb.Append('(').Append(u.Operator);
                    Expression(u.Operand);
                    _sb.Append(')');
                    break;
                case BinaryExpr b:
                    _sb.Append('(');
                    Expression(b.Left);
                    _sb.Append(b.Operator == '^' ? " ** " : $" {b.Operator} ");
                    Expression(b.Right);
                    _sb.Append(')');
                    break;
                case CallExpr call:
                    _sb.Append(call.Function).Append('(');
                    Expression(call.Argument);
                    _sb.Append(')');
                    break;
                default:
                    throw new InvalidOperationException($"no OpenQASM 3 form for expression {expr.GetType().Name}");
            }
        }

        /// <summary>Shortest text that reads back as the same double; a negative number is parenthesised so that it
        /// stays one operand wherever it stands. Non-finite values (left in symbolic parameters until binding refuses
        /// them) have no literal, so they are written as arithmetic that folds back to them.</summary>
        private static string Number(double value)
        {
            if (!double.IsFinite(value))
            {
                return double.IsNaN(value) ? "(1e309 - 1e309)" : value > 0 ? "1e309" : "(-1e309)";
            }

            var text = value.ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e');
            if (!text.Contains('.', StringComparison.Ordinal) && !text.Contains('e', StringComparison.Ordinal))
            {
                // A bare integer would be an int in OpenQASM 3: keep it a float, as every gate parameter is.
                text += ".0";
            }

            return value < 0 || (value == 0 && double.IsNegative(value)) ? "(" + text + ")" : text;
        }
    }
}
