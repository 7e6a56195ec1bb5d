using System.Globalization;
using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;
using Qxm.Circuits.Syntax;
using Qxm.Domain.Errors;

namespace Qxm.Circuits.Semantics;

/// <summary>Bits written with a value rather than a measurement (<c>c[0] = c[1] ^ c[2];</c>, <c>bit x = c[0] &amp; c[1];</c>,
/// <c>flags = f(q);</c>, <c>bit[2] b = "10";</c>): each written bit becomes a <see cref="ClassicalAssignOperation"/>, run
/// per shot, since the bits hold measurement results only a shot knows.</summary>
internal sealed partial class Lowering
{
    /// <summary>Writes <paramref name="value"/> into <paramref name="target"/>: an integer or bool known before the run bit
    /// by bit (lowest bit first), measured bits of the same width copied, a condition into one bit.
    /// <paramref name="fresh"/> says the bits were just declared outside any run-time branch, so still hold 0 in every shot,
    /// and only the ones need writing.</summary>
    private void WriteBits(BitsReference target, Value value, ExpressionSyntax at, bool fresh)
    {
        var span = At(at);
        switch (value.Kind)
        {
            case ValueKind.Unknown:
                return;
            case ValueKind.Int or ValueKind.Bool:
                var n = value.Integer;
                if (n < 0 || (target.Width < 63 && n >> target.Width != 0))
                {
                    throw new DiagnosticException(Error(DiagnosticRules.Type, string.Create(CultureInfo.InvariantCulture,
                        $"the value {n} does not fit in {Count(target.Width)}"), at));
                }

                for (var i = 0; i < target.Width; i++)
                {
                    var one = i < 63 && ((n >> i) & 1) == 1;
                    if (one || !fresh)
                    {
                        builder.EmitOperation(new ClassicalAssignOperation(target.Offset + i, new ConstantCondition(one), span));
                    }
                }

                return;
            case ValueKind.RuntimeInteger:
                // Arithmetic on measured bits (c = c + 1;): the sum's low bits, as an unsigned register holds them.
                WriteRuntime(target, ((RuntimeInteger)value.Payload!).Resize(target.Width, signed: false), builder.BlockDepth, fresh, at);
                return;
            case ValueKind.Bits:
                var source = (BitsReference)value.Payload!;
                if (source.Width != target.Width)
                {
                    throw new DiagnosticException(Error(DiagnosticRules.RegisterSizeMismatch,
                        $"cannot assign {Count(source.Width)} to {Count(target.Width)}: the sizes differ", at));
                }

                // Copied from the far end first where the two overlap that way, so every bit is read before it is written.
                var downwards = source.Offset < target.Offset;
                for (var k = 0; k < target.Width; k++)
                {
                    var i = downwards ? target.Width - 1 - k : k;
                    if (source.Offset + i != target.Offset + i)
                    {
                        builder.EmitOperation(new ClassicalAssignOperation(target.Offset + i, ClbitComparison.Bit(source.Offset + i), span));
                    }
                }

                return;
            case ValueKind.Condition when target.Width == 1:
                builder.EmitOperation(new ClassicalAssignOperation(target.Offset, (Condition)value.Payload!, span));
                return;
            case ValueKind.Condition:
                throw new DiagnosticException(Error(DiagnosticRules.Type, $"a condition is one bit and cannot be assigned to {Count(target.Width)}", at));
            default:
                throw new DiagnosticException(Error(DiagnosticRules.Type, $"{value.Described} cannot be assigned to bits", at));
        }
    }

    /// <summary>The bits an assignment writes: a bit register, one of its bits or a slice of it.</summary>
    private BitsReference? BitsTarget(ExpressionSyntax target)
    {
        var value = Evaluate(target);
        return value.Kind == ValueKind.Bits ? (BitsReference)value.Payload! : null;
    }

    /// <summary>A bit string literal (<c>"0110"</c>, the first character the highest bit) as the integer it spells.</summary>
    private Value BitString(LiteralSyntax literal)
    {
        var digits = literal.Text.Trim('"').Replace("_", "", StringComparison.Ordinal);
        if (digits.Length > 63)
        {
            throw Unsupported("a bit string longer than 63 bits", literal);
        }

        long n = 0;
        foreach (var digit in digits)
        {
            n = (n << 1) | (digit == '1' ? 1L : 0L);
        }

        return Value.Int(n);
    }

    /// <summary><c>n[0:3]</c>, <c>n[0:2:31]</c>, <c>n[-16:-1]</c>: the selected bits of an integer, the first the least
    /// significant, read as an unsigned integer (what a <c>bit[k]</c> takes).</summary>
    private Value BitsOfInteger(Value value, List<int> positions, IndexSyntax at)
    {
        if (value.Kind == ValueKind.RuntimeInteger)
        {
            var integer = (RuntimeInteger)value.Payload!;
            return Value.RuntimeInt(new([.. positions.Select(integer.Bit)], Signed: false));
        }

        if (value.Kind == ValueKind.Unknown)
        {
            return value;
        }

        if (value.Kind != ValueKind.Int || positions.Count > 63)
        {
            throw Unsupported(positions.Count > 63 ? "a slice of more than 63 bits of an integer" : $"a slice of {value.Described}", at);
        }

        long bits = 0;
        for (var i = 0; i < positions.Count; i++)
        {
            bits |= ((value.Integer >> positions[i]) & 1) << i;
        }

        return Value.Int(bits);
    }

    /// <summary><c>n[i]</c> or <c>n[a:b]</c> on an integer, known before the run or computed per shot: bit i (two's
    /// complement) as a bool, or the selected bits; negative positions count from the top.</summary>
    private Value BitOfInteger(Variable variable, IndexSyntax index)
    {
        var value = variable.Value;
        var width = value.Kind == ValueKind.RuntimeInteger ? ((RuntimeInteger)value.Payload!).Width : variable.Width == 0 ? 64 : variable.Width;
        if (index.Index is RangeSyntax)
        {
            return BitsOfInteger(value, Positions(index.Index, width), index);
        }

        var position = ConstInteger(index.Index, "a bit index");
        if (position < -width || position >= width)
        {
            throw new DiagnosticException(Error(DiagnosticRules.IndexOutOfRange, string.Create(CultureInfo.InvariantCulture,
                $"bit {position} is out of range for '{variable.Name}' of {width} bits"), index.Index));
        }

        position = position < 0 ? position + width : position;
        if (value.Kind == ValueKind.RuntimeInteger)
        {
            return Value.Runtime(((RuntimeInteger)value.Payload!).Bit((int)position));
        }

        return value.Kind switch
        {
            ValueKind.Int => Value.Bool(((value.Integer >> (int)position) & 1) == 1),
            ValueKind.Unknown => value,
            _ => throw Unsupported($"a bit of {value.Described}", index),
        };
    }

    /// <summary><c>c &lt;&lt;= k</c> and <c>c &gt;&gt;= k</c> on bits: each bit copied from k places below (above), the bits
    /// shifted in set to 0; the copies run from the end the bits move towards, so each is read before it is written.</summary>
    private void ShiftBits(BitsReference target, string op, Value amount, AssignmentSyntax at)
    {
        if (amount.Kind != ValueKind.Int || amount.Integer < 0)
        {
            throw new DiagnosticException(Error(DiagnosticRules.Type, $"a shift of bits takes a non-negative integer known before the run, not {amount.Described}", at.Value));
        }

        var span = At(at);
        var shift = (int)Math.Min(amount.Integer, target.Width);
        var left = op == "<<=";
        for (var k = 0; k < target.Width; k++)
        {
            var i = left ? target.Width - 1 - k : k;
            var from = left ? i - shift : i + shift;
            Condition value = from >= 0 && from < target.Width ? ClbitComparison.Bit(target.Offset + from) : new ConstantCondition(false);
            builder.EmitOperation(new ClassicalAssignOperation(target.Offset + i, value, span));
        }
    }

    /// <summary><c>bit[n](x)</c>: an integer or bool known before the run keeps its low n bits (as the integer they spell,
    /// written into bits when assigned); measured bits stay themselves when the widths agree.</summary>
    private Value CastToBits(CastSyntax cast, Value argument)
    {
        var width = TypeWidth(cast.Type, "bit", 1);

        return argument.Kind switch
        {
            ValueKind.Int or ValueKind.Bool => Value.Int(width == 64 ? argument.Integer : argument.Integer & ((1L << (int)width) - 1)),
            ValueKind.Bits when ((BitsReference)argument.Payload!).Width == width => argument,
            ValueKind.Condition when width == 1 => argument,
            ValueKind.Unknown => argument,
            _ => throw new DiagnosticException(Error(DiagnosticRules.Type, string.Create(CultureInfo.InvariantCulture,
                $"{argument.TypeName} cannot be cast to bit[{width}]"), cast)),
        };
    }

    /// <summary>"a" or "an" before a type's name.</summary>
    private static string Article(string word) => word.Length > 0 && "aeiouAEIOU".Contains(word[0], StringComparison.Ordinal) ? "an" : "a";

    private static string Count(int bits) => bits == 1 ? "1 bit" : string.Create(CultureInfo.InvariantCulture, $"{bits} bits");
}
