using System.Collections.Immutable;
using Qxm.Circuits.Ir;
using Qxm.Domain.Errors;

namespace Qxm.Circuits.Validation;

/// <summary>Two identical self-inverse gates in a row on the same qubits (h h, x x, cx cx): together they do nothing.</summary>
internal sealed class SelfInversePairRule : IValidationRule
{
    private static readonly HashSet<string> SelfInverse = new(
        ["h", "x", "y", "z", "cx", "CX", "cy", "cz", "ch", "swap", "ccx", "cswap", "id"], StringComparer.Ordinal);

    public string Id => ValidationRules.SelfInversePair;

    public IEnumerable<Diagnostic> Check(ValidationContext context) =>
        Blocks(context.Circuit.Operations).SelectMany(block => Pairs(context, block)).Take(ValidationRules.MaxPerRule);

    /// <summary>Each sequence of operations that runs straight through: the program and every branch or box body.</summary>
    private static IEnumerable<ImmutableArray<Operation>> Blocks(ImmutableArray<Operation> operations)
    {
        yield return operations;
        foreach (var op in OperationTree.Descendants(operations))
        {
            switch (op)
            {
                case IfOperation i:
                    yield return i.Then;
                    yield return i.Else;
                    break;
                case BoxOperation b:
                    yield return b.Body;
                    break;
                case WhileOperation w:
                    yield return w.Body;
                    break;
            }
        }
    }

    private static IEnumerable<Diagnostic> Pairs(ValidationContext context, ImmutableArray<Operation> block)
    {
        // The last operation that touched each qubit within this block.
        var last = new Dictionary<int, Operation>();
        foreach (var op in block)
        {
            var qubits = Touched(op);
            if (op is GateOperation gate && SelfInverse.Contains(gate.Name)
                && last.TryGetValue(gate.Qubits[0], out var previous) && previous is GateOperation before
                && before.Name == gate.Name && before.Qubits.SequenceEqual(gate.Qubits)
                && gate.Qubits.All(q => ReferenceEquals(last.GetValueOrDefault(q), before)))
            {
                var names = string.Join(", ", gate.Qubits.Select(context.QubitName));
                yield return new Diagnostic(
                    ValidationRules.SelfInversePair,
                    $"{gate.Name} follows {gate.Name} on {names} (line {before.Span.Line}): the pair cancels; remove both",
                    context.File,
                    gate.Span.Line,
                    gate.Span.Column,
                    Severity: DiagnosticSeverity.Warning);

                // A third in a row pairs with nothing: forget the cancelled pair.
                foreach (var q in gate.Qubits)
                {
                    last.Remove(q);
                }

                continue;
            }

            foreach (var q in qubits)
            {
                last[q] = op;
            }
        }
    }

    /// <summary>Qubits an operation may affect; containers and conditionals conservatively touch every qubit they name.</summary>
    private static IEnumerable<int> Touched(Operation op) => op switch
    {
        GateOperation g => g.Qubits,
        MeasureOperation m => [m.Qubit],
        ResetOperation r => [r.Qubit],
        BarrierOperation b => b.Qubits,
        DelayOperation d => d.Qubits,
        ConditionalOperation c => Touched(c.Body),
        IfOperation i => i.Then.Concat(i.Else).SelectMany(Touched),
        BoxOperation b => b.Body.SelectMany(Touched),
        WhileOperation w => w.Body.SelectMany(Touched),
        _ => [],
    };
}
