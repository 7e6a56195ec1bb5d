using System.Collections.Immutable;
using System.Globalization;
using Qxm.Circuits.Parsing;
using Qxm.Circuits.Syntax;
using Qxm.Domain.Errors;

namespace Qxm.Circuits.Semantics;

/// <summary>Writes to the bits of an integer (<c>n[4:7] = "1010";</c>, <c>n[0] = 1;</c>, <c>arr[0][0] = 1;</c>): the
/// integer with the selected bits replaced, the first selected bit taking the value's least significant bit, assigned
/// back as a whole. Known before the run it stays a constant; computed while a shot runs (or written from measured
/// bits, or inside a run-time branch) it is a run-time integer whose other bits are copied unchanged.</summary>
internal sealed partial class Lowering
{
    /// <summary>The width whose bits an index of an integer counts: the declared width, 64 for an integer without one.</summary>
    private static int BitWidth(int declared) => declared == 0 ? 64 : declared;

    /// <summary>The bits of an integer an index selects: one bit (negative counts from the top) or a range.</summary>
    private List<int> BitPositions(ExpressionSyntax index, int width, string name)
    {
        if (index is RangeSyntax)
        {
            return Positions(index, width);
        }

        var position = ConstInteger(index, "a bit index");
        if (position < -width || position >= width)
        {
            throw new DiagnosticException(Error(DiagnosticRules.IndexOutOfRange, string.Create(CultureInfo.InvariantCulture,
                $"bit {position} is out of range for '{name}' of {width} bits"), index));
        }

        return [(int)(position < 0 ? position + width : position)];
    }

    private void AssignIntegerBits(Variable variable, IndexSyntax target, AssignmentSyntax assignment)
    {
        if (!target.MoreIndices.IsEmpty)
        {
            throw new DiagnosticException(Error(DiagnosticRules.Type, $"'{variable.Name}' is an integer: its bits take one index or range", target.MoreIndices[0]));
        }

        var current = variable.Value;
        var width = current.Kind == ValueKind.RuntimeInteger ? ((RuntimeInteger)current.Payload!).Width : BitWidth(variable.Width);
        var positions = BitPositions(target.Index, width, variable.Name);
        var value = Evaluate(assignment.Value);
        if (variable.IsConstant)
        {
            throw new DiagnosticException(Error(DiagnosticRules.Type, $"'{variable.Name}' is a constant and cannot be assigned", target));
        }

        if (assignment.Operator != "=")
        {
            throw Unsupported($"operator '{assignment.Operator}' on bits of an integer", assignment);
        }

        if (builder.Suppressed > 0 || current.Kind == ValueKind.Unknown || value.Kind == ValueKind.Unknown)
        {
            return;
        }

        if (current.Kind == ValueKind.RuntimeInteger || value.IsRuntime || _runtimeDepth > variable.RuntimeDepth)
        {
            var before = RuntimeInteger.From(current)!.Resize(width, variable.Type == ClassicalType.Int);
            var written = RuntimeInteger.From(value) ?? throw new DiagnosticException(Error(DiagnosticRules.Type,
                $"{value.Described} cannot be written into bits of '{variable.Name}'", assignment.Value));
            var bits = before.Bits.ToBuilder();
            for (var i = 0; i < positions.Count; i++)
            {
                bits[positions[i]] = written.Bit(i);
            }

            AssignRuntime(variable, "=", Value.RuntimeInt(new RuntimeInteger(bits.ToImmutable(), before.Signed)), assignment.Value);
            return;
        }

        variable.Value = Convert(Value.Int(ReplaceBits(current, positions, value, assignment.Value)), variable.Type, variable.Width, assignment.Value);
    }

    /// <summary>An integer known before the run with the bits at <paramref name="positions"/> replaced by the low bits of
    /// <paramref name="value"/>, which must fit in them.</summary>
    private long ReplaceBits(Value current, List<int> positions, Value value, ExpressionSyntax at)
    {
        if (current.Kind != ValueKind.Int || value.Kind is not (ValueKind.Int or ValueKind.Bool))
        {
            throw new DiagnosticException(Error(DiagnosticRules.Type, $"{value.Described} cannot be written into bits of {current.Described}", at));
        }

        var n = value.Integer;
        if (n < 0 || (positions.Count < 63 && n >> positions.Count != 0))
        {
            throw new DiagnosticException(Error(DiagnosticRules.Type, string.Create(CultureInfo.InvariantCulture,
                $"the value {n} does not fit in {Count(positions.Count)}"), at));
        }

        var result = current.Integer;
        for (var i = 0; i < positions.Count; i++)
        {
            var mask = 1L << positions[i];
            result = ((n >> i) & 1) == 1 ? result | mask : result & ~mask;
        }

        return result;
    }

    /// <summary><c>arr[i][k] = ...</c>: bits of an element of an integer array (the last index group selects the bits).</summary>
    private bool TryAssignArrayElementBits(AssignmentSyntax assignment, Variable variable, List<ExpressionSyntax> indices)
    {
        if (variable.Value.Kind != ValueKind.Array || (ClassicalArray)variable.Value.Payload! is not { Element: ClassicalType.Int or ClassicalType.Uint } array
            || indices.Count != array.Rank + 1 || assignment.Target is not IndexSyntax { MoreIndices.IsEmpty: true } target)
        {
            return false;
        }

        var (shape, elements) = Select(array, indices[..array.Rank], assignment.Target);
        if (shape.Length != 0)
        {
            throw Unsupported("writing bits of several array elements at once", assignment.Target);
        }

        var positions = BitPositions(target.Index, BitWidth(array.Width), variable.Name);
        var value = Evaluate(assignment.Value);
        if (variable.IsConstant)
        {
            throw new DiagnosticException(Error(DiagnosticRules.Type,
                $"'{variable.Name}' is a constant or a readonly array and cannot be assigned", assignment.Target));
        }

        if (assignment.Operator != "=")
        {
            throw Unsupported($"operator '{assignment.Operator}' on bits of an integer", assignment);
        }

        if (builder.Suppressed > 0 || value.Kind == ValueKind.Unknown)
        {
            return true;
        }

        if (_runtimeDepth > variable.RuntimeDepth || value.IsRuntime)
        {
            throw Unsupported($"writing bits of '{variable.Name}' from a value computed while a shot runs", assignment.Target);
        }

        var current = array.Elements[elements[0]];
        array.Elements[elements[0]] = Convert(Value.Int(ReplaceBits(current, positions, value, assignment.Value)), array.Element, array.Width, assignment.Value);
        return true;
    }

    /// <summary><c>arr[i][0:4]</c>: bits of an element of an integer array, read as bits of an integer are.</summary>
    private Value? ArrayElementBits(IndexSyntax index, Value element)
    {
        var root = index.Target;
        while (root is IndexSyntax inner)
        {
            root = inner.Target;
        }

        if (element.Kind != ValueKind.Int || !index.MoreIndices.IsEmpty || root is not IdentifierSyntax name
            || FindVariable(name.Name) is not { Value: { Kind: ValueKind.Array, Payload: ClassicalArray { Element: ClassicalType.Int or ClassicalType.Uint } array } })
        {
            return null;
        }

        var positions = BitPositions(index.Index, BitWidth(array.Width), name.Name);
        return index.Index is RangeSyntax ? BitsOfInteger(element, positions, index) : Value.Bool(((element.Integer >> positions[0]) & 1) == 1);
    }
}
