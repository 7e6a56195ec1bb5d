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
    private const string InputArray = "bind.input-array";

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
                diagnostics.Add(ArrayProblem(circuit, name) is { } arrayProblem
                    ? new Diagnostic(InputArray, arrayProblem, origin)
                    : new Diagnostic(UnknownParameter, $"'{name}' is not an input of the circuit ({known})", origin));
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

        // An 'if' on inputs is decided here and replaced by the branch taken, so directives move with the operations.
        var operations = new List<Operation>(circuit.Operations.Length);
        var moved = new int[circuit.Operations.Length + 1];
        for (var i = 0; i < circuit.Operations.Length; i++)
        {
            moved[i] = operations.Count;
            BindInto(operations, circuit.Operations[i], values, origin, diagnostics);
        }

        moved[^1] = operations.Count;
        var directives = moved.Select((to, from) => to == from).All(same => same)
            ? circuit.Directives
            : [.. circuit.Directives.Select(d => d with { OperationIndex = moved[d.OperationIndex] })];
        return diagnostics.Count > 0
            ? new BindResult(null, diagnostics)
            : new BindResult(circuit with { Inputs = [], Operations = [.. operations], Directives = directives }, diagnostics);
    }

    /// <summary>Adds the bound operation to <paramref name="into"/>: an <see cref="IfOperation"/> whose condition the
    /// inputs decide adds the operations of the branch taken instead.</summary>
    private static void BindInto(List<Operation> into, Operation operation, IReadOnlyDictionary<string, double> values, string origin, List<Diagnostic> diagnostics)
    {
        if (operation is IfOperation branch && BindCondition(branch.Condition, values) is var condition && !ReferenceEquals(condition, branch.Condition))
        {
            if (condition is ConstantCondition decided)
            {
                foreach (var taken in decided.Value ? branch.Then : branch.Else)
                {
                    BindInto(into, taken, values, origin, diagnostics);
                }

                return;
            }

            operation = branch with { Condition = condition };
        }

        into.Add(Bind(operation, values, origin, diagnostics));
    }

    /// <summary>The condition with every comparison of inputs decided, folded where that decides the whole; the same
    /// instance when it reads no input.</summary>
    private static Condition BindCondition(Condition condition, IReadOnlyDictionary<string, double> values)
    {
        switch (condition)
        {
            case InputComparison comparison:
                return new ConstantCondition(comparison.Evaluate(values));
            case NotCondition not:
                var operand = BindCondition(not.Operand, values);
                return ReferenceEquals(operand, not.Operand) ? not
                    : operand is ConstantCondition k ? new ConstantCondition(!k.Value) : new NotCondition(operand);
            case LogicalCondition logical:
                var left = BindCondition(logical.Left, values);
                var right = BindCondition(logical.Right, values);
                if (ReferenceEquals(left, logical.Left) && ReferenceEquals(right, logical.Right))
                {
                    return logical;
                }

                return (logical.Operator, left, right) switch
                {
                    (_, ConstantCondition a, ConstantCondition b) => new ConstantCondition(Combine(logical.Operator, a.Value, b.Value)),
                    ("&&", ConstantCondition { Value: false }, _) or ("&&", _, ConstantCondition { Value: false }) => new ConstantCondition(false),
                    ("||", ConstantCondition { Value: true }, _) or ("||", _, ConstantCondition { Value: true }) => new ConstantCondition(true),
                    ("&&" or "||", ConstantCondition, _) => right,
                    ("&&" or "||", _, ConstantCondition) => left,
                    _ => logical with { Left = left, Right = right },
                };
            default:
                return condition;
        }
    }

    private static bool Combine(string op, bool left, bool right) => op switch
    {
        "&&" => left && right,
        "||" => left || right,
        _ => left != right,
    };

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
                return loop with { Condition = BindCondition(loop.Condition, values), Body = BindAll(loop.Body, values, origin, diagnostics) };
            case ClassicalAssignOperation assign when BindCondition(assign.Value, values) is var value && !ReferenceEquals(value, assign.Value):
                return assign with { Value = value };
            default:
                return operation;
        }
    }

    private static ImmutableArray<Operation> BindAll(
        ImmutableArray<Operation> operations, IReadOnlyDictionary<string, double> values, string origin, List<Diagnostic> diagnostics)
    {
        var bound = new List<Operation>(operations.Length);
        foreach (var operation in operations)
        {
            BindInto(bound, operation, values, origin, diagnostics);
        }

        return [.. bound];
    }

    /// <summary>What is wrong with a parameter that names an input array as a whole (<c>params</c>) or an element it does
    /// not have (<c>params[2]</c> of two, <c>params[0][0]</c> of one dimension); null when it names no input array.</summary>
    private static string? ArrayProblem(Circuit circuit, string name)
    {
        var bracket = name.IndexOf('[', StringComparison.Ordinal);
        var array = bracket > 0 ? name[..bracket] : name;
        if (!circuit.InputArrays.TryGetValue(array, out var type))
        {
            return null;
        }

        var elements = circuit.Inputs.Where(i => i.Length > array.Length && i.StartsWith(array, StringComparison.Ordinal) && i[array.Length] == '[').ToList();
        var range = $"'{elements[0]}' to '{elements[^1]}'";
        return bracket < 0
            ? $"'{name}' is an input array ({type}): give each element its own value, {range}"
            : $"'{name}' is not an element of input array '{array}' ({type}: {range})";
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
