using Qxm.Circuits.Ir;

namespace Qxm.Circuits.Parsing;

/// <summary>The operators of OpenQASM 3 classical expressions over parse-time values. A problem comes back as
/// a message: <c>unsupported</c> for what this front end cannot do (arithmetic on measured bits), otherwise a type error.</summary>
internal static class ValueOperations
{
    public static Value Unary(string op, Value operand, out string? error, out bool unsupported)
    {
        error = null;
        unsupported = false;
        if (operand.Kind == ValueKind.Unknown)
        {
            return Value.Unknown;
        }

        if (operand.Kind == ValueKind.RuntimeInteger && RuntimeInteger.Unary(op, (RuntimeInteger)operand.Payload!) is { } computed)
        {
            return computed;
        }

        switch (op)
        {
            case "-" when operand.Kind == ValueKind.Int:
                return Value.Int(unchecked(-operand.Integer));
            case "-" when operand.Kind == ValueKind.Float:
                return Value.Float(-operand.Real);
            case "-" when operand.Kind == ValueKind.Complex:
                return Value.Complex(-ComplexArithmetic.Of(operand));
            case "-" when operand.Kind == ValueKind.Duration:
                return Value.Duration(-operand.Real, operand.Unit);
            case "-" when operand.Kind == ValueKind.Symbolic:
                return operand with { Payload = ExpressionFolding.Negate((Expr)operand.Payload!) };
            case "!" when operand.Kind == ValueKind.Bool:
                return Value.Bool(operand.Integer == 0);
            case "!" when AsCondition(operand) is { } condition:
                return Value.Runtime(new NotCondition(condition));
            case "~" when operand.Kind == ValueKind.Int:
                return Value.Int(~operand.Integer);
        }

        unsupported = operand.IsRuntime || operand.Kind == ValueKind.Symbolic;
        error = unsupported
            ? $"operator '{op}' on {operand.TypeName}"
            : $"operator '{op}' cannot be applied to {operand.Described}";
        return Value.Unknown;
    }

    public static Value Binary(string op, Value left, Value right, out string? error, out bool unsupported)
    {
        error = null;
        unsupported = false;
        if (left.Kind == ValueKind.Unknown || right.Kind == ValueKind.Unknown)
        {
            return Value.Unknown;
        }

        if (op is "/" or "%" && left.Kind == ValueKind.Int && right.Kind == ValueKind.Int && right.Integer == 0)
        {
            error = "division by zero";
            return Value.Unknown;
        }

        if (RuntimeArithmetic(op, left, right) is { } computed)
        {
            return computed;
        }

        var result = ComplexArithmetic.Involves(left, right) ? ComplexArithmetic.Binary(op, left, right) : op switch
        {
            "&&" or "||" => Logical(op, left, right),
            "==" or "!=" or "<" or "<=" or ">" or ">=" => Comparison(op, left, right),
            "&" or "|" or "^" or "<<" or ">>" => Bitwise(op, left, right),
            _ => Arithmetic(op, left, right),
        };
        if (result is { } value)
        {
            return value;
        }

        unsupported = left.IsRuntime || right.IsRuntime || left.Kind == ValueKind.Symbolic || right.Kind == ValueKind.Symbolic;
        error = unsupported
            ? $"operator '{op}' on {left.TypeName} and {right.TypeName}"
            : $"operator '{op}' cannot combine {left.Described} and {right.Described}";
        return Value.Unknown;
    }

    /// <summary>An operator computed while a shot runs: any operator on a run-time integer, and arithmetic (<c>+</c>,
    /// <c>-</c>) mixing measured bits with integers. Comparisons and bit logic of measured bits alone keep their own
    /// forms (<see cref="ClbitComparison"/>, single-bit logic), which every backend reads.</summary>
    private static Value? RuntimeArithmetic(string op, Value left, Value right)
    {
        var involved = left.Kind == ValueKind.RuntimeInteger || right.Kind == ValueKind.RuntimeInteger
            || (op is "+" or "-" && (left.IsRuntime || right.IsRuntime));
        if (!involved || RuntimeInteger.From(left) is not { } a || RuntimeInteger.From(right) is not { } b)
        {
            return null;
        }

        return RuntimeInteger.Binary(op, a, b, right.Kind == ValueKind.Int ? right.Integer : null);
    }

    /// <summary>A condition on measured bits: single bits and registers read as 'not zero'.</summary>
    public static Condition? AsCondition(Value value) => value.Kind switch
    {
        ValueKind.Condition => (Condition)value.Payload!,
        ValueKind.Symbolic when value.IsIntegerSymbolic => new InputComparison((Expr)value.Payload!, "!=", new ConstantExpr(0)),
        ValueKind.RuntimeInteger => ((RuntimeInteger)value.Payload!).NonZero(),
        ValueKind.Bits => new ClbitComparison(((BitsReference)value.Payload!).Offset, ((BitsReference)value.Payload!).Width, "!=", 0),
        _ => null,
    };

    private static Value? Logical(string op, Value left, Value right)
    {
        if (left.Kind == ValueKind.Bool && right.Kind == ValueKind.Bool)
        {
            return Value.Bool(op == "&&" ? left.Integer != 0 && right.Integer != 0 : left.Integer != 0 || right.Integer != 0);
        }

        // A parse-time side decides the whole expression or drops out of it.
        if (left.Kind == ValueKind.Bool && AsCondition(right) is { } r)
        {
            return (op == "&&") == (left.Integer != 0) ? Value.Runtime(r) : left;
        }

        if (right.Kind == ValueKind.Bool && AsCondition(left) is { } l)
        {
            return (op == "&&") == (right.Integer != 0) ? Value.Runtime(l) : right;
        }

        return AsCondition(left) is { } a && AsCondition(right) is { } b ? Value.Runtime(new LogicalCondition(op, a, b)) : null;
    }

    private static Value? Comparison(string op, Value left, Value right)
    {
        if (left.Kind == ValueKind.Bits && right.Kind is ValueKind.Int or ValueKind.Bool)
        {
            var bits = (BitsReference)left.Payload!;
            return Value.Runtime(new ClbitComparison(bits.Offset, bits.Width, op, right.Integer));
        }

        if (right.Kind == ValueKind.Bits && left.Kind is ValueKind.Int or ValueKind.Bool)
        {
            var mirrored = op switch { "<" => ">", "<=" => ">=", ">" => "<", ">=" => "<=", _ => op };
            return Comparison(mirrored, right, left);
        }

        // A comparison reading an input is decided when the circuit is bound, at each sweep point.
        if ((left.Kind == ValueKind.Symbolic || right.Kind == ValueKind.Symbolic)
            && (left.IsNumber || left.Kind is ValueKind.Symbolic or ValueKind.Bool) && (right.IsNumber || right.Kind is ValueKind.Symbolic or ValueKind.Bool))
        {
            return Value.Runtime(new InputComparison(AsExpr(left), op, AsExpr(right)));
        }

        int order;
        if (left.Kind == ValueKind.Int && right.Kind == ValueKind.Int)
        {
            order = left.Integer.CompareTo(right.Integer);
        }
        else if (left.IsNumber && right.IsNumber)
        {
            if (double.IsNaN(left.Real) || double.IsNaN(right.Real))
            {
                return Value.Bool(op == "!=");
            }

            order = left.Real.CompareTo(right.Real);
        }
        else if (left.Kind == ValueKind.Bool && right.Kind == ValueKind.Bool && op is "==" or "!=")
        {
            order = left.Integer.CompareTo(right.Integer);
        }
        else if (left.Kind == ValueKind.Duration && right.Kind == ValueKind.Duration && left.Unit == right.Unit)
        {
            order = left.Real.CompareTo(right.Real);
        }
        else
        {
            return null;
        }

        return Value.Bool(op switch
        {
            "==" => order == 0,
            "!=" => order != 0,
            "<" => order < 0,
            "<=" => order <= 0,
            ">" => order > 0,
            _ => order >= 0,
        });
    }

    private static Value? Bitwise(string op, Value left, Value right)
    {
        if (op is "&" or "|" or "^" && (left.IsRuntime || right.IsRuntime))
        {
            return RuntimeBitwise(op, left, right);
        }

        if (left.Kind != ValueKind.Int || right.Kind != ValueKind.Int)
        {
            return null;
        }

        var shift = (int)Math.Clamp(right.Integer, 0, 63);
        return Value.Int(op switch
        {
            "&" => left.Integer & right.Integer,
            "|" => left.Integer | right.Integer,
            "^" => left.Integer ^ right.Integer,
            "<<" => left.Integer << shift,
            _ => left.Integer >> shift,
        });
    }

    /// <summary><c>&amp;</c>, <c>|</c>, <c>^</c> on single measured bits, conditions and bools: one bit each, so they are
    /// the logical operators (and exclusive or), decided per shot. Wider registers are refused.</summary>
    private static Value? RuntimeBitwise(string op, Value left, Value right)
    {
        if (SingleBit(left) is not { } a || SingleBit(right) is not { } b)
        {
            return null;
        }

        return Value.Runtime(op switch
        {
            "&" => new LogicalCondition("&&", a, b),
            "|" => new LogicalCondition("||", a, b),
            _ => new LogicalCondition("^", a, b),
        });
    }

    private static Condition? SingleBit(Value value) => value.Kind switch
    {
        ValueKind.Bool => new ConstantCondition(value.Integer != 0),
        ValueKind.Int when value.Integer is 0 or 1 => new ConstantCondition(value.Integer != 0),
        ValueKind.Bits when ((BitsReference)value.Payload!).Width == 1 => AsCondition(value),
        ValueKind.Condition => (Condition)value.Payload!,
        _ => null,
    };

    private static Value? Arithmetic(string op, Value left, Value right)
    {
        if (left.Kind == ValueKind.Int && right.Kind == ValueKind.Int)
        {
            return IntegerArithmetic(op, left.Integer, right.Integer);
        }

        if (left.IsNumber && right.IsNumber)
        {
            return Value.Float(Real(op, left.Real, right.Real));
        }

        if ((left.IsNumber || left.Kind == ValueKind.Symbolic) && (right.IsNumber || right.Kind == ValueKind.Symbolic)
            && op is "+" or "-" or "*" or "/" or "**")
        {
            // Integers stay integers through + - *; their division truncates, which the bound arithmetic cannot say.
            var integers = (left.Kind == ValueKind.Int || left.IsIntegerSymbolic) && (right.Kind == ValueKind.Int || right.IsIntegerSymbolic);
            if (integers && op == "/")
            {
                return null;
            }

            var expr = ExpressionFolding.Binary(op == "**" ? '^' : op[0], AsExpr(left), AsExpr(right));
            return integers && op != "**" && expr is not ConstantExpr ? Value.IntegerSymbolic(expr) : Value.Symbolic(expr);
        }

        return DurationArithmetic(op, left, right);
    }

    private static Value? IntegerArithmetic(string op, long l, long r)
    {
        switch (op)
        {
            case "+": return Value.Int(unchecked(l + r));
            case "-": return Value.Int(unchecked(l - r));
            case "*": return Value.Int(unchecked(l * r));
            case "/" or "%" when r == 0: return null;
            case "/": return Value.Int(l / r);
            case "%": return Value.Int(l % r);
            case "**" when r >= 0:
                long power = 1;
                for (var i = 0L; i < r && i < 64; i++)
                {
                    power = unchecked(power * l);
                }

                return Value.Int(power);
            case "**": return Value.Float(Math.Pow(l, r));
            default: return null;
        }
    }

    private static double Real(string op, double l, double r) => op switch
    {
        "+" => l + r,
        "-" => l - r,
        "*" => l * r,
        "/" => l / r,
        "%" => l % r,
        _ => Math.Pow(l, r),
    };

    private static Value? DurationArithmetic(string op, Value left, Value right)
    {
        var ld = left.Kind == ValueKind.Duration;
        var rd = right.Kind == ValueKind.Duration;
        var ls = left.Kind == ValueKind.Stretch;
        var rs = right.Kind == ValueKind.Stretch;

        // A stretch scaled, or lengthened by a duration or another stretch, is still a length the device chooses.
        var stretch = ls ? left : right;
        return op switch
        {
            "+" or "-" when (ls || rs) && (ls || ld) && (rs || rd) => stretch,
            "*" when (ls && right.IsNumber) || (rs && left.IsNumber) => stretch,
            "/" when ls && right.IsNumber => stretch,
            "+" or "-" when ld && rd && left.Unit == right.Unit => Value.Duration(Real(op, left.Real, right.Real), left.Unit),
            "*" when ld && right.IsNumber => Value.Duration(left.Real * right.Real, left.Unit),
            "*" when rd && left.IsNumber => Value.Duration(left.Real * right.Real, right.Unit),
            "/" when ld && right.IsNumber => Value.Duration(left.Real / right.Real, left.Unit),
            "/" when ld && rd && left.Unit == right.Unit => Value.Float(left.Real / right.Real),
            _ => null,
        };
    }

    public static Expr AsExpr(Value value) => value.Kind == ValueKind.Symbolic ? (Expr)value.Payload! : new ConstantExpr(value.Real);
}
