using System.Collections.Immutable;
using System.Numerics;
using Qxm.Circuits.Ir;

namespace Qxm.Circuits.Parsing;

/// <summary>An integer known only while a shot runs (an <c>int</c>, <c>uint</c> or <c>bool</c> that counts measured
/// bits), as its two's complement bits, least significant first, each a <see cref="Condition"/> on the clbits as they
/// are when it is read. Arithmetic builds new conditions (a ripple-carry adder for <c>+</c> and <c>-</c>, bit logic,
/// shifts), so run-time classical state stays bits (docs/decisions/0031) and every simulator and exporter that reads
/// conditions runs it unchanged.</summary>
internal sealed record RuntimeInteger(ImmutableArray<Condition> Bits, bool Signed)
{
    /// <summary>The widest run-time integer, as the widest declared integer type.</summary>
    public const int MaxWidth = 64;

    private static readonly ConstantCondition False = new(false);
    private static readonly ConstantCondition True = new(true);

    public int Width => Bits.Length;

    /// <summary>The bits of a register that holds a run-time integer.</summary>
    public static RuntimeInteger OfRegister(int offset, int width, bool signed) =>
        new([.. Enumerable.Range(offset, width).Select(Read)], signed);

    public static Condition Read(int clbit) => ClbitComparison.Bit(clbit);

    /// <summary>A constant in as few bits as hold it with its sign.</summary>
    public static RuntimeInteger Constant(long value)
    {
        var width = Math.Min(MaxWidth, 65 - BitOperations.LeadingZeroCount((ulong)(value < 0 ? ~value : value)));
        return new([.. Enumerable.Range(0, width).Select(k => (Condition)(((value >> k) & 1) == 1 ? True : False))], true);
    }

    /// <summary>A value as a run-time integer: constants, measured bits (unsigned), conditions (one bit); null for any
    /// other kind.</summary>
    public static RuntimeInteger? From(Value value) => value.Kind switch
    {
        ValueKind.RuntimeInteger => (RuntimeInteger)value.Payload!,
        ValueKind.Int => Constant(value.Integer),
        ValueKind.Bool => new([value.Integer != 0 ? True : False], false),
        ValueKind.Bits => OfRegister(((BitsReference)value.Payload!).Offset, ((BitsReference)value.Payload!).Width, false),
        ValueKind.Condition => new([(Condition)value.Payload!], false),
        _ => null,
    };

    /// <summary>Bit k, sign- or zero-extended past the width.</summary>
    public Condition Bit(int k) => k < Width ? Bits[k] : Signed && Width > 0 ? Bits[^1] : False;

    /// <summary>Truncated or extended to a width, as assigning to a variable of that width does.</summary>
    public RuntimeInteger Resize(int width, bool signed) => new([.. Enumerable.Range(0, width).Select(Bit)], signed);

    /// <summary>True where any bit is set: the integer read as a condition.</summary>
    public Condition NonZero() => Bits.Aggregate((Condition)False, Or);

    public static Value? Unary(string op, RuntimeInteger operand) => op switch
    {
        "~" => Value.RuntimeInt(new([.. operand.Bits.Select(Not)], operand.Signed)),
        "-" => Value.RuntimeInt(Negate(operand)),
        "!" => Value.Runtime(Not(operand.NonZero())),
        _ => null,
    };

    /// <summary>A binary operator with a run-time integer on at least one side; null when it has no run-time form.</summary>
    public static Value? Binary(string op, RuntimeInteger left, RuntimeInteger right, long? constantRight)
    {
        var width = Math.Max(left.Width, right.Width);
        var signed = left.Signed || right.Signed;
        if (op is "==" or "!=" or "<" or "<=" or ">" or ">=")
        {
            if (left.CompareWithConstant(op, right) is { } direct)
            {
                return Value.Runtime(direct);
            }

            var mirrored = op switch { "<" => ">", "<=" => ">=", ">" => "<", ">=" => "<=", _ => op };
            if (right.CompareWithConstant(mirrored, left) is { } reversed)
            {
                return Value.Runtime(reversed);
            }
        }

        switch (op)
        {
            case "+":
                return Value.RuntimeInt(Add(left, right, carry: false, Math.Min(MaxWidth, width + 1), signed: true));
            case "-":
                // The complement is taken at the full width, so an unsigned operand's high zeros become ones.
                var wide = Math.Min(MaxWidth, width + 1);
                return Value.RuntimeInt(Add(left, Complement(right.Resize(wide, right.Signed)), carry: true, wide, signed: true));
            case "&" or "|" or "^":
                Func<Condition, Condition, Condition> bitwise = op == "&" ? And : op == "|" ? Or : Xor;
                return Value.RuntimeInt(new([.. Enumerable.Range(0, width).Select(k => bitwise(left.Bit(k), right.Bit(k)))], signed));
            case "<<" when constantRight is >= 0 and < MaxWidth:
                var wider = (int)Math.Min(MaxWidth, left.Width + constantRight.Value);
                return Value.RuntimeInt(new([.. Enumerable.Range(0, wider).Select(k => k < constantRight ? False : left.Bit(k - (int)constantRight))], left.Signed));
            case ">>" when constantRight is >= 0 and < MaxWidth:
                return Value.RuntimeInt(new([.. Enumerable.Range(0, left.Width).Select(k => left.Bit(k + (int)constantRight))], left.Signed));
            case "==":
                return Value.Runtime(Equal(left, right));
            case "!=":
                return Value.Runtime(Not(Equal(left, right)));
            case "<":
                return Value.Runtime(LessThan(left, right));
            case ">":
                return Value.Runtime(LessThan(right, left));
            case "<=":
                return Value.Runtime(Not(LessThan(right, left)));
            case ">=":
                return Value.Runtime(Not(LessThan(left, right)));
            case "&&":
                return Value.Runtime(And(left.NonZero(), right.NonZero()));
            case "||":
                return Value.Runtime(Or(left.NonZero(), right.NonZero()));
            default:
                return null;
        }
    }

    /// <summary>The size of a condition written out as a tree (shared parts counted at each use): what evaluating it
    /// costs per shot and what the exporter writes.</summary>
    public static long TreeSize(Condition condition, Dictionary<Condition, long> memo)
    {
        if (memo.TryGetValue(condition, out var known))
        {
            return known;
        }

        var size = condition switch
        {
            LogicalCondition logical => 1 + TreeSize(logical.Left, memo) + TreeSize(logical.Right, memo),
            NotCondition not => 1 + TreeSize(not.Operand, memo),
            _ => 1L,
        };
        memo[condition] = size;
        return size;
    }

    /// <summary>A register compared with a constant, in the form every backend reads (<see cref="ClbitComparison"/> on
    /// the register's bits read unsigned; for a signed one, on the bits below its sign with the sign tested apart); null
    /// where this is not a whole register or the other side is not a constant.</summary>
    private Condition? CompareWithConstant(string op, RuntimeInteger other)
    {
        if (other.ConstantValue() is not { } c || RegisterOffset() is not { } offset || Width > 62 || (Signed && Width < 2))
        {
            return null;
        }

        if (!Signed)
        {
            return c >= 0 ? new ClbitComparison(offset, Width, op, c) : op is "!=" or ">" or ">=" ? True : False;
        }

        var sign = Read(offset + Width - 1);
        var half = 1L << (Width - 1);
        if (c >= 0)
        {
            // A negative value is below c; a non-negative one is its bits below the sign.
            var low = c >= half ? (op is "<" or "<=" or "!=" ? True : False) : (Condition)new ClbitComparison(offset, Width - 1, op, c);
            return op is "<" or "<=" or "!=" ? Or(sign, low) : And(Not(sign), low);
        }

        // A non-negative value is above c; a negative one is its low bits minus 2^(w-1).
        var shifted = c + half;
        var negative = shifted < 0 ? (op is ">" or ">=" or "!=" ? True : False) : (Condition)new ClbitComparison(offset, Width - 1, op, shifted);
        return op is ">" or ">=" or "!=" ? Or(Not(sign), negative) : And(sign, negative);
    }

    /// <summary>The first clbit when the bits are a whole consecutive register read as it is.</summary>
    private int? RegisterOffset()
    {
        if (Width == 0 || Bits[0] is not ClbitComparison { IsBit: true } first)
        {
            return null;
        }

        for (var k = 1; k < Width; k++)
        {
            if (Bits[k] is not ClbitComparison { IsBit: true } bit || bit.Offset != first.Offset + k)
            {
                return null;
            }
        }

        return first.Offset;
    }

    /// <summary>The value when every bit is a constant, read with the sign.</summary>
    private long? ConstantValue()
    {
        if (Width == 0 || Width > 63 || Bits.Any(b => b is not ConstantCondition))
        {
            return null;
        }

        long value = 0;
        for (var k = 0; k < Width; k++)
        {
            value |= ((ConstantCondition)Bits[k]).Value ? 1L << k : 0;
        }

        return Signed && ((ConstantCondition)Bits[^1]).Value ? value - (1L << Width) : value;
    }

    private static RuntimeInteger Negate(RuntimeInteger operand)
    {
        var wide = Math.Min(MaxWidth, operand.Width + 1);
        return Add(Constant(0), Complement(operand.Resize(wide, operand.Signed)), carry: true, wide, signed: true);
    }

    private static RuntimeInteger Complement(RuntimeInteger value) => new([.. value.Bits.Select(Not)], value.Signed);

    /// <summary>a + b + carry in a width, both operands extended by their own signedness first (so the complement of
    /// an unsigned operand extends with ones). Each carry is written once in the next (majority), so a sum's conditions
    /// grow linearly with the bit.</summary>
    private static RuntimeInteger Add(RuntimeInteger a, RuntimeInteger b, bool carry, int width, bool signed)
    {
        var bits = ImmutableArray.CreateBuilder<Condition>(width);
        Condition c = carry ? True : False;
        for (var k = 0; k < width; k++)
        {
            var x = a.Bit(k);
            var y = b.Bit(k);
            var half = Xor(x, y);
            bits.Add(Xor(half, c));
            c = Or(And(x, y), And(c, half));
        }

        return new(bits.MoveToImmutable(), signed);
    }

    private static Condition Equal(RuntimeInteger a, RuntimeInteger b)
    {
        var width = Math.Max(a.Width, b.Width) + 1;
        Condition equal = True;
        for (var k = 0; k < width; k++)
        {
            equal = And(equal, Not(Xor(a.Bit(k), b.Bit(k))));
        }

        return equal;
    }

    /// <summary>a &lt; b: the sign of a - b, computed one bit wider than both read as signed numbers, so it cannot
    /// overflow.</summary>
    private static Condition LessThan(RuntimeInteger a, RuntimeInteger b)
    {
        var width = Math.Max(a.Width + (a.Signed ? 0 : 1), b.Width + (b.Signed ? 0 : 1)) + 1;
        var difference = Add(a.Resize(width, a.Signed), Complement(b.Resize(width, b.Signed)), carry: true, width, signed: true);
        return difference.Bits[^1];
    }

    private static Condition And(Condition a, Condition b) => (a, b) switch
    {
        (ConstantCondition { Value: false }, _) or (_, ConstantCondition { Value: false }) => False,
        (ConstantCondition { Value: true }, _) => b,
        (_, ConstantCondition { Value: true }) => a,
        _ => new LogicalCondition("&&", a, b),
    };

    private static Condition Or(Condition a, Condition b) => (a, b) switch
    {
        (ConstantCondition { Value: true }, _) or (_, ConstantCondition { Value: true }) => True,
        (ConstantCondition { Value: false }, _) => b,
        (_, ConstantCondition { Value: false }) => a,
        _ => new LogicalCondition("||", a, b),
    };

    private static Condition Xor(Condition a, Condition b) => (a, b) switch
    {
        (ConstantCondition x, ConstantCondition y) => x.Value != y.Value ? True : False,
        (ConstantCondition { Value: false }, _) => b,
        (_, ConstantCondition { Value: false }) => a,
        (ConstantCondition { Value: true }, _) => Not(b),
        (_, ConstantCondition { Value: true }) => Not(a),
        _ => new LogicalCondition("^", a, b),
    };

    private static Condition Not(Condition a) => a switch
    {
        ConstantCondition c => c.Value ? False : True,
        NotCondition n => n.Operand,
        _ => new NotCondition(a),
    };
}
