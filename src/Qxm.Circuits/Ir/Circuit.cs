using System.Collections.Immutable;
using System.Text;

namespace Qxm.Circuits.Ir;

/// <summary>A parsed OpenQASM program, flattened: registers mapped to indices, user gates inlined.
/// Gate parameters may read <see cref="Inputs"/> until bound.</summary>
public sealed record Circuit(
    int Version,
    int QubitCount,
    int ClbitCount,
    ImmutableArray<Register> QuantumRegisters,
    ImmutableArray<Register> ClassicalRegisters,
    ImmutableArray<string> Inputs,
    ImmutableArray<Operation> Operations)
{
    /// <summary>The program names the device's qubits (<c>$n</c> is qubit n) and has no quantum registers: a backend must
    /// run it on exactly those qubits, never remapped.</summary>
    public bool UsesPhysicalQubits { get; init; }

    /// <summary>The type of each input whose values must be integers (<c>int[8]</c>, <c>uint</c>, <c>bool</c>), by name;
    /// inputs not listed are real numbers (<c>float</c>, <c>angle</c>). The binder refuses a value the type cannot hold.</summary>
    public ImmutableDictionary<string, string> InputTypes { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>The input arrays by name, each with its declared type (<c>array[angle[32], 2]</c>). Each element is an input
    /// of its own in <see cref="Inputs"/>, named with its indices (<c>params[0]</c>, <c>m[1][0]</c>), in row-major order.</summary>
    public ImmutableDictionary<string, string> InputArrays { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>Pragmas and annotations in program order, each placed before an operation.</summary>
    public ImmutableArray<Directive> Directives { get; init; } = [];

    /// <summary>True when a measurement is followed by any non-measure operation on the state,
    /// or when the circuit resets or conditions on classical bits: it then needs per-shot simulation.</summary>
    public bool NeedsPerShotSimulation
    {
        get
        {
            var measured = false;
            foreach (var op in OperationTree.Descendants(Operations))
            {
                switch (op)
                {
                    case ResetOperation or ConditionalOperation or IfOperation or WhileOperation or ClassicalAssignOperation:
                        return true;
                    case MeasureOperation:
                        measured = true;
                        break;
                    case GateOperation when measured:
                        return true;
                }
            }

            return false;
        }
    }

    /// <summary>A canonical text of the program's meaning: independent of formatting, comments and
    /// register names' layout in the source. Part of the experiment fingerprint; changing it changes fingerprints.</summary>
    public string ToCanonicalString()
    {
        var sb = new StringBuilder();
        sb.Append("qubits ").Append(QubitCount).Append('\n');
        sb.Append("clbits ").Append(ClbitCount).Append('\n');
        if (UsesPhysicalQubits)
        {
            sb.Append("physical\n");
        }

        foreach (var r in ClassicalRegisters)
        {
            sb.Append("creg ").Append(r.Name).Append(' ').Append(r.Size).Append(' ').Append(r.Offset).Append('\n');
        }

        foreach (var input in Inputs.Order(StringComparer.Ordinal))
        {
            sb.Append("input ").Append(input);
            if (InputTypes.TryGetValue(input, out var type))
            {
                sb.Append(' ').Append(type);
            }

            sb.Append('\n');
        }

        foreach (var (name, type) in InputArrays.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            sb.Append("input array ").Append(name).Append(' ').Append(type).Append('\n');
        }

        var directive = 0;
        for (var i = 0; i <= Operations.Length; i++)
        {
            // Directives change what some backends do (a verbatim box), so they are part of the meaning.
            for (; directive < Directives.Length && Directives[directive].OperationIndex <= i; directive++)
            {
                var d = Directives[directive];
                sb.Append(d.Kind switch
                {
                    DirectiveKind.Pragma => "pragma ",
                    DirectiveKind.Annotation => "annotation ",
                    _ => "calibration ",
                }).Append(d.Kind == DirectiveKind.Calibration ? d.Text.ReplaceLineEndings("\\n") : d.Text).Append('\n');
            }

            if (i < Operations.Length)
            {
                AppendOperation(sb, Operations[i]);
                sb.Append('\n');
            }
        }

        return sb.ToString();
    }

    private static void AppendOperation(StringBuilder sb, Operation op)
    {
        switch (op)
        {
            case GateOperation g:
                sb.Append(g.Name);
                if (g.Parameters.Length > 0)
                {
                    sb.Append('(').AppendJoin(',', g.Parameters.Select(p => p.ToCanonicalString())).Append(')');
                }

                sb.Append(' ').AppendJoin(',', g.Qubits);
                break;
            case MeasureOperation m:
                sb.Append("measure ").Append(m.Qubit).Append("->").Append(m.Clbit);
                break;
            case ResetOperation r:
                sb.Append("reset ").Append(r.Qubit);
                break;
            case BarrierOperation b:
                sb.Append("barrier ").AppendJoin(',', b.Qubits);
                break;
            case ConditionalOperation c:
                sb.Append("if ").Append(c.Offset).Append(':').Append(c.Width).Append("==").Append(c.Value).Append(' ');
                AppendOperation(sb, c.Body);
                break;
            case IfOperation i:
                sb.Append("if ").Append(i.Condition.ToCanonicalString()).Append(" {");
                AppendBlock(sb, i.Then);
                sb.Append("} else {");
                AppendBlock(sb, i.Else);
                sb.Append('}');
                break;
            case WhileOperation w:
                sb.Append("while[").Append(w.MaxIterations).Append("] ").Append(w.Condition.ToCanonicalString()).Append(" {");
                AppendBlock(sb, w.Body);
                sb.Append('}');
                break;
            case ClassicalAssignOperation a:
                sb.Append("set ").Append(a.Clbit).Append('=').Append(a.Value.ToCanonicalString());
                break;
            case DelayOperation d:
                sb.Append("delay[").Append(Expr.FormatNumber(d.Duration)).Append(d.Unit).Append("] ").AppendJoin(',', d.Qubits);
                break;
            case BoxOperation b:
                sb.Append("box[").Append(Expr.FormatNumber(b.Duration)).Append(b.Unit).Append("] {");
                AppendBlock(sb, b.Body);
                sb.Append('}');
                break;
            default:
                throw new InvalidOperationException($"unknown operation {op.GetType().Name}");
        }
    }

    private static void AppendBlock(StringBuilder sb, IEnumerable<Operation> operations)
    {
        foreach (var op in operations)
        {
            AppendOperation(sb, op);
            sb.Append(';');
        }
    }
}
