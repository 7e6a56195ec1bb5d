using System.Globalization;
using Qxm.Circuits.Parsing;
using Qxm.Circuits.Syntax;
using Qxm.Domain.Errors;

namespace Qxm.Circuits.Semantics;

/// <summary>Classical arrays of values known before the run: declarations with nested initialisers, element and slice
/// reads and writes (copying), <c>sizeof</c>, and array arguments of subroutines passed by reference (<c>readonly</c> or
/// <c>mutable</c>). Their elements are paid for under <see cref="ExpansionLimits.MaxArrayElements"/> before they are made.</summary>
internal sealed partial class Lowering
{
    /// <summary>The specification's bound on an array's dimensions.</summary>
    private const int MaxArrayRank = 7;

    /// <summary>A declared array's dimensions and its element count (saturated well below overflow), each dimension
    /// checked: no <c>#dim</c> outside a subroutine's parameter, 1 to <see cref="MaxArrayRank"/> dimensions, each a constant
    /// of 1 to <see cref="CircuitBuilder.MaxBits"/>.</summary>
    private (int[] Dimensions, long Elements) ArrayShape(TypeSyntax type)
    {
        if (type.DimensionCount is { } count)
        {
            throw new DiagnosticException(Error(DiagnosticRules.Syntax, "'#dim' is only allowed for an array parameter of a subroutine", count));
        }

        var dimensions = new int[type.Dimensions.Length];
        if (dimensions.Length is 0 or > MaxArrayRank)
        {
            throw new DiagnosticException(Error(DiagnosticRules.Type,
                $"an array has between 1 and {MaxArrayRank} dimensions but this one has {dimensions.Length}", type));
        }

        var elements = 1L;
        for (var i = 0; i < dimensions.Length; i++)
        {
            var size = ConstInteger(type.Dimensions[i], "an array dimension");
            if (size is < 1 or > CircuitBuilder.MaxBits)
            {
                throw new DiagnosticException(Error(DiagnosticRules.Type,
                    $"an array dimension must be between 1 and {CircuitBuilder.MaxBits} but is {size}", type.Dimensions[i]));
            }

            dimensions[i] = (int)size;
            elements = Math.Min(elements * size, long.MaxValue / CircuitBuilder.MaxBits);
        }

        return (dimensions, elements);
    }

    private void DeclareArray(ClassicalDeclarationSyntax declaration)
    {
        var name = declaration.Name;
        var (element, width) = ArrayElementType(declaration.Type);
        var (dimensions, elements) = ArrayShape(declaration.Type);
        var value = Value.Unknown;
        if (builder.Suppressed > 0 || !builder.TryMakeArray(elements, At(declaration)))
        {
            if (declaration.Initializer is { } initializer)
            {
                CheckWithoutMaking(initializer);
            }
        }
        else
        {
            var array = new ClassicalArray(element, width, dimensions, new Value[elements]);
            if (declaration.Initializer is { } fill)
            {
                Fill(array, 0, 0, fill);
            }
            else
            {
                Array.Fill(array.Elements, Default(element));
            }

            value = Value.Array(array);
        }

        var scope = builder.Scopes[^1];
        if (scope.ContainsKey(name.Name) || (builder.Scopes.Count == 1 && builder.IsNameDeclared(name.Name)) || builder.TryGetGate(name.Name, out _))
        {
            builder.Report(DiagnosticRules.Redefinition, $"'{name.Name}' is already declared", At(name));
            return;
        }

        scope[name.Name] = new Variable(name.Name, ClassicalType.Array, 0, declaration.Modifier == DeclarationModifier.Const, At(declaration))
        {
            Value = value,
            RuntimeDepth = _runtimeDepth,
        };
    }

    private (ClassicalType Element, int Width) ArrayElementType(TypeSyntax type)
    {
        var element = type.Element ?? throw new DiagnosticException(Error(DiagnosticRules.Syntax, "expected the element type of the array", type));
        if (element.Name == "bit")
        {
            throw Unsupported("an array of 'bit' (declare a bit register 'bit[n]' instead)", element);
        }

        if (!ScalarTypes.TryGetValue(element.Name, out var scalar) || scalar == ClassicalType.Stretch)
        {
            throw Unsupported($"an array of '{element.Name}'", element);
        }

        return (scalar, TypeWidth(element, element.Name, 0));
    }

    private static Value Default(ClassicalType type) => type switch
    {
        ClassicalType.Float or ClassicalType.Angle => Value.Float(0),
        ClassicalType.Bool => Value.False,
        ClassicalType.Duration => Value.Duration(0, "ns"),
        ClassicalType.Complex => Value.Complex(0),
        _ => Value.Int(0),
    };

    /// <summary>Fills the sub-array of dimension <paramref name="dimension"/> starting at <paramref name="offset"/> from an
    /// initialiser: a set of values per dimension (<c>{{1, 2}, {3, 4}}</c>), or an array value of its shape, copied.</summary>
    private void Fill(ClassicalArray array, int dimension, int offset, ExpressionSyntax initializer)
    {
        var size = array.Dimensions[dimension];
        if (initializer is not SetSyntax set)
        {
            var value = Evaluate(initializer);
            var shape = array.Dimensions.Skip(dimension).ToArray();
            if (value.Kind != ValueKind.Array || !((ClassicalArray)value.Payload!).HasShape(shape))
            {
                throw new DiagnosticException(Error(DiagnosticRules.Type,
                    $"expected {Shape(shape)} to initialise the array but found {(value.Kind == ValueKind.Array ? Shape(((ClassicalArray)value.Payload!).Dimensions) : value.Described)}",
                    initializer));
            }

            var source = ((ClassicalArray)value.Payload!).Elements;
            for (var i = 0; i < source.Length; i++)
            {
                array.Elements[offset + i] = Convert(source[i], array.Element, array.Width, initializer);
            }

            return;
        }

        if (set.Items.Length != size)
        {
            throw new DiagnosticException(Error(DiagnosticRules.Type,
                $"expected {size} {(size == 1 ? "value" : "values")} for dimension {dimension} of the array but found {set.Items.Length}", set));
        }

        var stride = array.Stride(dimension + 1);
        for (var i = 0; i < size; i++)
        {
            if (dimension + 1 < array.Rank)
            {
                Fill(array, dimension + 1, offset + (i * stride), set.Items[i]);
            }
            else
            {
                array.Elements[offset + i] = Convert(Evaluate(set.Items[i]), array.Element, array.Width, set.Items[i]);
            }
        }
    }

    /// <summary>Checks an initialiser's expressions where no array is made (code that does not run, or past the budget).</summary>
    private void CheckWithoutMaking(ExpressionSyntax initializer)
    {
        if (initializer is SetSyntax set)
        {
            foreach (var item in set.Items)
            {
                CheckWithoutMaking(item);
            }

            return;
        }

        Evaluate(initializer);
    }

    private static string Shape(IReadOnlyList<int> dimensions) =>
        "an array of shape [" + string.Join(", ", dimensions.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";

    /// <summary><c>a[i]</c>, <c>a[i, j]</c>, <c>a[1:2]</c>: an element, or a copy of the sub-array selected.</summary>
    private Value ReadArray(ClassicalArray array, List<ExpressionSyntax> indices, ExpressionSyntax at)
    {
        var (shape, positions) = Select(array, indices, at);
        if (shape.Length == 0)
        {
            return array.Elements[positions[0]];
        }

        if (!builder.TryMakeArray(positions.Count, At(at)))
        {
            return Value.Unknown;
        }

        var elements = new Value[positions.Count];
        for (var i = 0; i < elements.Length; i++)
        {
            elements[i] = array.Elements[positions[i]];
        }

        return Value.Array(new ClassicalArray(array.Element, array.Width, shape, elements));
    }

    /// <summary>The positions (row-major) and the shape of what the indices select: an integer index drops its
    /// dimension, a range keeps it, and dimensions not indexed are taken whole.</summary>
    private (int[] Shape, List<int> Positions) Select(ClassicalArray array, List<ExpressionSyntax> indices, ExpressionSyntax at)
    {
        if (indices.Count > array.Rank)
        {
            throw new DiagnosticException(Error(DiagnosticRules.Type,
                $"the array has {CircuitBuilder.Count(array.Rank, "dimension")} but is indexed with {indices.Count}", at));
        }

        var shape = new List<int>();
        var positions = new List<int> { 0 };
        for (var dimension = 0; dimension < array.Rank; dimension++)
        {
            var size = array.Dimensions[dimension];
            var stride = array.Stride(dimension + 1);
            var chosen = dimension < indices.Count ? Positions(indices[dimension], size) : null;
            if (chosen is not null && indices[dimension] is not RangeSyntax)
            {
                for (var i = 0; i < positions.Count; i++)
                {
                    positions[i] += chosen[0] * stride;
                }

                continue;
            }

            chosen ??= [.. Enumerable.Range(0, size)];
            shape.Add(chosen.Count);
            var next = new List<int>(positions.Count * chosen.Count);
            foreach (var position in positions)
            {
                foreach (var index in chosen)
                {
                    next.Add(position + (index * stride));
                }
            }

            positions = next;
        }

        return ([.. shape], positions);
    }

    /// <summary>The indices an index or a range selects along a dimension of the given size, each checked.</summary>
    private List<int> Positions(ExpressionSyntax index, int size)
    {
        if (index is SetSyntax)
        {
            throw Unsupported("indexing an array with a set of indices", index);
        }

        if (index is not RangeSyntax range)
        {
            return [CheckedIndex(ConstInteger(index, "an index"), size, index)];
        }

        var start = range.Start is null ? 0 : ConstInteger(range.Start, "a slice start");
        var step = range.Step is null ? 1 : ConstInteger(range.Step, "a slice step");
        var end = range.End is null ? size - 1 : ConstInteger(range.End, "a slice end");
        if (step == 0)
        {
            throw new DiagnosticException(Error(DiagnosticRules.Type, "a range step cannot be 0", range.Step!));
        }

        start = CheckedIndex(start, size, range.Start ?? range);
        end = CheckedIndex(end, size, range.End ?? range);
        var selected = new List<int>();
        for (var i = start; step > 0 ? i <= end : i >= end; i += step)
        {
            selected.Add((int)i);
        }

        return selected;
    }

    /// <summary>An index checked against a dimension, a negative one counted from the end (-1 is the last element) as
    /// OpenQASM 3 counts it.</summary>
    private int CheckedIndex(long index, int size, SyntaxNode at) => index >= -(long)size && index < size
        ? (int)(index < 0 ? index + size : index)
        : throw new DiagnosticException(Error(DiagnosticRules.IndexOutOfRange, $"index {index} is out of range for a dimension of size {size}", at));

    /// <summary>The variable and the index groups of an assignment target such as <c>a[1]</c>, <c>a[1, 2]</c> or <c>a[0:1]</c>
    /// when it names an array; null otherwise.</summary>
    private (Variable Variable, List<ExpressionSyntax> Indices)? ArrayTarget(ExpressionSyntax target)
    {
        var root = target;
        while (root is IndexSyntax inner)
        {
            root = inner.Target;
        }

        // Every measurement into bits asks, so the common answer costs no allocation.
        if (root is not IdentifierSyntax name || FindVariable(name.Name) is not { Type: ClassicalType.Array } variable)
        {
            return null;
        }

        var groups = new List<IndexSyntax>();
        while (target is IndexSyntax index)
        {
            groups.Add(index);
            target = index.Target;
        }

        groups.Reverse();
        return (variable, Flatten(groups));
    }

    /// <summary><c>a[i][j]</c> reads as <c>a[i, j]</c> when <c>i</c> selects one element; after a range it would index
    /// the copy, which an assignment could not write through.</summary>
    private List<ExpressionSyntax> Flatten(List<IndexSyntax> groups)
    {
        var indices = new List<ExpressionSyntax>();
        for (var g = 0; g < groups.Count; g++)
        {
            if (g > 0 && indices.Exists(i => i is RangeSyntax))
            {
                throw Unsupported("indexing a slice of an array again (write the indices in one pair of brackets)", groups[g]);
            }

            indices.Add(groups[g].Index);
            indices.AddRange(groups[g].MoreIndices);
        }

        return indices;
    }

    private void AssignArray(AssignmentSyntax assignment, Variable variable, List<ExpressionSyntax> indices)
    {
        var value = Evaluate(assignment.Value);
        if (variable.IsConstant)
        {
            throw new DiagnosticException(Error(DiagnosticRules.Type,
                $"'{variable.Name}' is a constant or a readonly array and cannot be assigned", assignment.Target));
        }

        if (builder.Suppressed > 0 || variable.Value.Kind != ValueKind.Array)
        {
            return;
        }

        if (_runtimeDepth > variable.RuntimeDepth)
        {
            throw Unsupported($"assigning to '{variable.Name}' inside a branch decided at run time", assignment.Target);
        }

        var array = (ClassicalArray)variable.Value.Payload!;
        var (shape, positions) = Select(array, indices, assignment.Target);
        if (shape.Length == 0)
        {
            if (assignment.Operator != "=")
            {
                value = Checked(ValueOperations.Binary(assignment.Operator[..^1], array.Elements[positions[0]], value, out var error, out var unsupported),
                    error, unsupported, assignment);
            }

            array.Elements[positions[0]] = Convert(value, array.Element, array.Width, assignment.Value);
            return;
        }

        if (assignment.Operator != "=")
        {
            throw new DiagnosticException(Error(DiagnosticRules.Type, $"operator '{assignment.Operator}' cannot be applied to an array", assignment.OperatorSpan));
        }

        if (value.Kind != ValueKind.Array || !((ClassicalArray)value.Payload!).HasShape(shape))
        {
            throw new DiagnosticException(Error(DiagnosticRules.Type,
                $"expected {Shape(shape)} but found {(value.Kind == ValueKind.Array ? Shape(((ClassicalArray)value.Payload!).Dimensions) : value.Described)}",
                assignment.Value));
        }

        // Read everything before writing: the source may overlap the target.
        var source = ((ClassicalArray)value.Payload!).Elements.ToArray();
        for (var i = 0; i < positions.Count; i++)
        {
            array.Elements[positions[i]] = Convert(source[i], array.Element, array.Width, assignment.Value);
        }
    }

    private Value SizeOf(CallSyntax call)
    {
        if (call.Arguments.Length is < 1 or > 2)
        {
            throw new DiagnosticException(Error(DiagnosticRules.ParameterCount,
                $"'sizeof' takes an array and an optional dimension but {CircuitBuilder.Count(call.Arguments.Length, "argument")} were given", call));
        }

        var target = Evaluate(call.Arguments[0]);
        var dimension = call.Arguments.Length == 2 ? ConstInteger(call.Arguments[1], "a dimension") : 0;
        if (target.Kind == ValueKind.Unknown)
        {
            return Value.Unknown;
        }

        if (target.Kind != ValueKind.Array)
        {
            throw new DiagnosticException(Error(DiagnosticRules.Type, $"'sizeof' takes an array, not {target.Described}", call.Arguments[0]));
        }

        var array = (ClassicalArray)target.Payload!;
        return dimension >= 0 && dimension < array.Rank
            ? Value.Int(array.Dimensions[(int)dimension])
            : throw new DiagnosticException(Error(DiagnosticRules.IndexOutOfRange,
                $"dimension {dimension} is out of range for an array of {CircuitBuilder.Count(array.Rank, "dimension")}", call.Arguments[1]));
    }

    /// <summary>An array parameter: <c>readonly array[int[8], 3] a</c>, or <c>mutable array[float[64], #dim=2] m</c>.</summary>
    private SubroutineParameter ArrayParameter(ParameterSyntax parameter)
    {
        if (parameter.Access is null)
        {
            throw new DiagnosticException(Error(DiagnosticRules.Syntax,
                $"array parameter '{parameter.Name.Name}' needs 'readonly' or 'mutable' before its type", parameter));
        }

        var type = parameter.Type;
        var (element, _) = ArrayElementType(type);
        int rank;
        int[] dimensions;
        if (type.DimensionCount is { } count)
        {
            rank = (int)Math.Clamp(ConstInteger(count, "a number of dimensions"), 0, MaxArrayRank + 1);
            dimensions = [];
        }
        else
        {
            dimensions = [.. type.Dimensions.Select(d => (int)Math.Clamp(ConstInteger(d, "an array dimension"), 0, CircuitBuilder.MaxBits + 1))];
            rank = dimensions.Length;
        }

        if (rank is < 1 or > MaxArrayRank)
        {
            throw new DiagnosticException(Error(DiagnosticRules.Type, $"an array has between 1 and {MaxArrayRank} dimensions", type));
        }

        return new SubroutineParameter(parameter.Name.Name, ClassicalType.Array, rank, dimensions, parameter.Access == "readonly")
        {
            Element = element,
        };
    }

    /// <summary>An array argument: the caller's array itself (arrays are passed by reference), of the parameter's shape.</summary>
    private Value ArrayArgument(string subroutine, SubroutineParameter parameter, ExpressionSyntax argument)
    {
        var value = Evaluate(argument);
        if (value.Kind == ValueKind.Unknown)
        {
            return value;
        }

        var array = value.Kind == ValueKind.Array ? (ClassicalArray)value.Payload! : null;
        var fits = array is not null && array.Element == parameter.Element && array.Rank == parameter.Size
            && (parameter.Dimensions is not { Length: > 0 } dimensions || array.HasShape(dimensions));
        return fits
            ? value
            : throw new DiagnosticException(Error(DiagnosticRules.Type,
                $"subroutine '{subroutine}' takes {(parameter.Dimensions is { Length: > 0 } shape ? Shape(shape) : $"an array of {CircuitBuilder.Count(parameter.Size, "dimension")}")} of '{Name(parameter.Element)}' for '{parameter.Name}' but is given "
                + (array is null ? value.Described : $"{Shape(array.Dimensions)} of '{Name(array.Element)}'"),
                argument));
    }
}
