using System.Collections.Immutable;
using System.Globalization;
using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;
using Qxm.Domain.Errors;

namespace Qxm.Circuits.Binding;

/// <summary>Gives a circuit's inputs their values, for one run or one point of a sweep.</summary>
public static class CircuitBinder
{
    private const string UnboundInput = "bind.unbound-input";
    private const string UnknownParameter = "bind.unknown-parameter";
    private const string NonFinite = "bind.non-finite";
    private const string ExpansionLimit = "bind.expansion-limit";
    private const string InputType = "bind.input-type";

    /// <summary>Refuses, before any point is bound, a sweep whose bound circuits together would hold more than
    /// <see cref="ExpansionLimits.MaxBoundOperations"/> operations; null when the sweep fits.</summary>
    /// <param name="path">Where the sweep is declared in the experiment, for the diagnostic.</param>
    public static Diagnostic? CheckSweep(Circuit circuit, int points, string origin, string? path = null, ExpansionLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        limits ??= ExpansionLimits.Default;
        var operations = 0L;
        foreach (var _ in OperationTree.Descendants(circuit.Operations))
        {
            operations++;
        }

        var total = (Int128)operations * Math.Max(points, 1);
        return total <= limits.MaxBoundOperations
            ? null
            : new Diagnostic(ExpansionLimit, string.Create(CultureInfo.InvariantCulture,
                $"{points:N0} sweep points of a circuit of {operations:N0} operations bind to {total:N0} operations, past the limit of {limits.MaxBoundOperations:N0}"),
                origin, Path: path);
    }

    /// <summary>Substitutes the values for the circuit's inputs and folds every parameter to a
    /// <see cref="ConstantExpr"/>. The bound circuit has no inputs left.</summary>
    public static BindResult Bind(Circuit circuit, IReadOnlyDictionary<string, double> values, string origin)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentNullException.ThrowIfNull(values);
        var diagnostics = new List<Diagnostic>();
        var inputs = new HashSet<string>(circuit.Inputs, StringComparer.Ordinal);

        // Sorted so that the same mistake is reported the same way whatever the dictionary's order.
        foreach (var (name, value) in values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!inputs.Contains(name))
            {
                var known = circuit.Inputs.IsEmpty ? "the circuit has no inputs" : "inputs are " + string.Join(", ", circuit.Inputs);
                diagnostics.Add(new Diagnostic(UnknownParameter, $"'{name}' is not an input of the circuit ({known})", origin));
            }
            else if (!double.IsFinite(value))
            {
                diagnostics.Add(new Diagnostic(NonFinite, $"input '{name}' is given the non-finite value {Format(value)}", origin));
            }
            else if (circuit.InputTypes.TryGetValue(name, out var type) && !Holds(type, value))
            {
                diagnostics.Add(new Diagnostic(InputType, $"input '{name}' of type '{type}' cannot hold the value {Format(value)}", origin));
            }
        }

        foreach (var input in circuit.Inputs)
        {
            if (!values.ContainsKey(input))
            {
                diagnostics.Add(new Diagnostic(UnboundInput, $"input '{input}' has no value", origin));
            }
        }

        if (diagnostics.Count > 0)
        {
            return new BindResult(null, diagnostics);
        }

        var operations = ImmutableArray.CreateBuilder<Operation>(circuit.Operations.Length);
        foreach (var operation in circuit.Operations)
        {
            operations.Add(Bind(operation, values, origin, diagnostics));
        }

        return diagnostics.Count > 0
            ? new BindResult(null, diagnostics)
            : new BindResult(circuit with { Inputs = [], Operations = operations.MoveToImmutable() }, diagnostics);
    }

    private static Operation Bind(Operation operation, IReadOnlyDictionary<string, double> values, string origin, List<Diagnostic> diagnostics)
    {
        switch (operation)
        {
            case GateOperation gate:
                var parameters = new Expr[gate.Parameters.Length];
                var changed = false;
                for (var i = 0; i < parameters.Length; i++)
                {
                    var original = gate.Parameters[i];
                    var bound = original as ConstantExpr ?? ExpressionFolding.SubstituteInputs(original, values);
                    changed |= !ReferenceEquals(bound, original);
                    parameters[i] = bound;
                    var value = bound.Value;
                    if (!double.IsFinite(value))
                    {
                        diagnostics.Add(new Diagnostic(NonFinite,
                            $"parameter {i + 1} of gate '{gate.Name}' evaluates to {Format(value)}", origin, gate.Span.Line, gate.Span.Column));
                    }
                }

                return changed ? gate with { Parameters = [.. parameters] } : gate;
            case ConditionalOperation conditional:
                var body = Bind(conditional.Body, values, origin, diagnostics);
                return ReferenceEquals(body, conditional.Body) ? conditional : conditional with { Body = body };
            case IfOperation branch:
                return branch with { Then = BindAll(branch.Then, values, origin, diagnostics), Else = BindAll(branch.Else, values, origin, diagnostics) };
            case BoxOperation box:
                return box with { Body = BindAll(box.Body, values, origin, diagnostics) };
            case WhileOperation loop:
                return loop with { Body = BindAll(loop.Body, values, origin, diagnostics) };
            default:
                return operation;
        }
    }

    private static ImmutableArray<Operation> BindAll(
        ImmutableArray<Operation> operations, IReadOnlyDictionary<string, double> values, string origin, List<Diagnostic> diagnostics)
    {
        var bound = new Operation[operations.Length];
        for (var i = 0; i < bound.Length; i++)
        {
            bound[i] = Bind(operations[i], values, origin, diagnostics);
        }

        return [.. bound];
    }

    /// <summary>Whether an integer type (<c>bool</c>, <c>int</c>, <c>uint</c>, <c>int[w]</c>, <c>uint[w]</c>) holds the value. Without
    /// a width, any integer a double holds exactly (up to 2^53) is taken.</summary>
    private static bool Holds(string type, double value)
    {
        if (value != Math.Floor(value))
        {
            return false;
        }

        if (type == "bool")
        {
            return value is 0 or 1;
        }

        var bracket = type.IndexOf('[', StringComparison.Ordinal);
        var unsigned = type.StartsWith('u');
        var width = bracket < 0 ? 0 : int.Parse(type.AsSpan(bracket + 1, type.Length - bracket - 2), CultureInfo.InvariantCulture);
        var (low, high) = width == 0 ? (unsigned ? 0 : -Math.Pow(2, 53), Math.Pow(2, 53))
            : unsigned ? (0, Math.Pow(2, width) - 1) : (-Math.Pow(2, width - 1), Math.Pow(2, width - 1) - 1);
        return value >= low && value <= high;
    }

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
