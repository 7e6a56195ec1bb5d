using System.Globalization;
using System.Runtime.InteropServices;
using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;
using Qxm.Circuits.Syntax;
using Qxm.Domain.Errors;

namespace Qxm.Circuits.Semantics;

/// <summary>Names and values: operands resolved to registers, gate parameters to expressions, and OpenQASM 3 classical
/// expressions evaluated to <see cref="Value"/>s (constants folded, inputs kept symbolic, measured bits kept for the run).</summary>
internal sealed partial class Lowering
{
    private Operand ToOperand(ExpressionSyntax operand)
    {
        switch (operand)
        {
            case IdentifierSyntax identifier:
                return new Operand(identifier.Name, At(identifier), false, 0, default);
            case PhysicalQubitSyntax physical when version >= 3:
                return new Operand(string.Create(CultureInfo.InvariantCulture, $"${physical.Index}"), At(physical), false, 0, default);
            case IndexSyntax { Target: IdentifierSyntax name, MoreIndices.IsEmpty: true } index:
                return Indexed(name, index.Index);
            case IndexSyntax { Target: IdentifierSyntax } index when version >= 3:
                throw Unsupported("multi-dimensional indexing", index.MoreIndices[0]);
            default:
                throw new DiagnosticException(Error(DiagnosticRules.Syntax, "expected a register", operand));
        }
    }

    private Operand Indexed(IdentifierSyntax name, ExpressionSyntax index)
    {
        if (version == 2)
        {
            return new Operand(name.Name, At(name), true, ConstInteger(index, "an integer index"), At(index));
        }

        if (index is SetSyntax set)
        {
            return SetIndexed(name, set);
        }

        if (index is not RangeSyntax range)
        {
            return new Operand(name.Name, At(name), true, ConstInteger(index, "an index"), At(index));
        }

        var start = range.Start is null ? 0 : ConstInteger(range.Start, "a slice start");
        var end = range.End is null ? throw Unsupported("a slice without an end", range) : ConstInteger(range.End, "a slice end");
        if (range.Step is not null && ConstInteger(range.Step, "a slice step") != 1)
        {
            throw Unsupported("a slice with a step other than 1", range.Step);
        }

        if (start < 0 || end < start)
        {
            throw Unsupported($"the slice [{start}:{end}] (slices must count upwards from a non-negative index)", range);
        }

        return new Operand(name.Name, At(name), true, start, At(range), (int)Math.Min(end - start + 1, CircuitBuilder.MaxBits));
    }

    /// <summary><c>q[{0, 2, 5}]</c>: a set of indices, in the order written; the slice it equals when they count upwards
    /// one by one from a non-negative index.</summary>
    private Operand SetIndexed(IdentifierSyntax name, SetSyntax set)
    {
        if (set.Items.IsEmpty)
        {
            throw new DiagnosticException(Error(DiagnosticRules.Syntax, "expected at least one index in '{ }'", set));
        }

        if (set.Items.Length > CircuitBuilder.MaxBits)
        {
            throw Unsupported($"a set of more than {CircuitBuilder.MaxBits} indices", set);
        }

        var indices = new long[set.Items.Length];
        var consecutive = true;
        for (var i = 0; i < indices.Length; i++)
        {
            indices[i] = ConstInteger(set.Items[i], "an index");
            consecutive &= indices[i] == indices[0] + i;
        }

        return consecutive && indices[0] >= 0
            ? new Operand(name.Name, At(name), true, indices[0], At(set), indices.Length)
            : new Operand(name.Name, At(name), true, indices[0], At(set), indices.Length, ImmutableCollectionsMarshal.AsImmutableArray(indices));
    }

    /// <summary>A gate parameter: folded to a constant where it can be, symbolic over gate parameters and inputs.</summary>
    private Expr ToExpr(ExpressionSyntax expression) => ToParameter(expression, out var constant) ?? new ConstantExpr(constant);

    /// <summary>A gate parameter, lowered once: null with its value in <paramref name="constant"/> where it folds to a
    /// number (so that no <see cref="ConstantExpr"/> is made for it), else its expression.</summary>
    private Expr? ToParameter(ExpressionSyntax expression, out double constant)
    {
        constant = 0;
        if (version >= 3)
        {
            var value = Evaluate(expression);
            switch (value.Kind)
            {
                case ValueKind.Int or ValueKind.Float:
                    constant = value.Real;
                    return null;
                case ValueKind.Symbolic:
                    return ValueOperations.AsExpr(value);
                case ValueKind.Unknown:
                    return null;
                case var _ when value.IsRuntime:
                    throw Unsupported($"a gate parameter read from {(value.Kind == ValueKind.RuntimeInteger ? value.Described : value.TypeName)}", expression);
                default:
                    throw new DiagnosticException(Error(DiagnosticRules.Type, $"a gate parameter must be a number, not {value.Described}", expression));
            }
        }

        return TryFold(expression, out constant) ? null : ToExprVersion2(expression);
    }

    /// <summary>An OpenQASM 2 parameter that does not fold to a number: symbolic over gate parameters, or reported.</summary>
    private Expr ToExprVersion2(ExpressionSyntax expression)
    {
        switch (expression)
        {
            case LiteralSyntax { Kind: LiteralKind.Integer or LiteralKind.Float } number:
                return new ConstantExpr(double.Parse(number.Text, NumberStyles.Float, CultureInfo.InvariantCulture));
            case IdentifierSyntax identifier:
                if (_gateParameters is not null && _gateParameters.TryGetValue(identifier.Name, out var index))
                {
                    return new GateParameterExpr(index, identifier.Name);
                }

                if (identifier.Name == "pi")
                {
                    return new ConstantExpr(Math.PI);
                }

                builder.Report(DiagnosticRules.UndefinedIdentifier, $"identifier '{identifier.Name}' is not defined", At(identifier));
                return new ConstantExpr(0);
            case UnarySyntax { Operator: "-" } negation:
                return ExpressionFolding.Negate(ToExpr(negation.Operand));
            case BinarySyntax { Operator: "+" or "-" or "*" or "/" or "**" } binary:
                return ExpressionFolding.Binary(binary.Operator == "**" ? '^' : binary.Operator[0], ToExpr(binary.Left), ToExpr(binary.Right));
            case CallSyntax { Arguments.Length: 1 } call:
                var argument = ToExpr(call.Arguments[0]);
                if (Version2Functions.Contains(call.Name.Name))
                {
                    return ExpressionFolding.Call(call.Name.Name, argument);
                }

                builder.Report(DiagnosticRules.UndefinedIdentifier, $"function '{call.Name.Name}' is not defined", At(call.Name));
                return new ConstantExpr(0);
            default:
                throw new DiagnosticException(Error(DiagnosticRules.Syntax, "expected an expression", expression));
        }
    }

    /// <summary>An OpenQASM 2 parameter without gate parameters, computed as <see cref="ExpressionFolding"/> would fold
    /// it but without an <see cref="Expr"/> for each part; false for anything else, which <see cref="ToExpr"/> then
    /// builds (and reports) as usual.</summary>
    private bool TryFold(ExpressionSyntax expression, out double value)
    {
        value = 0;
        switch (expression)
        {
            case LiteralSyntax { Kind: LiteralKind.Integer or LiteralKind.Float } number:
                value = double.Parse(number.Text, NumberStyles.Float, CultureInfo.InvariantCulture);
                return true;
            case IdentifierSyntax { Name: "pi" } when _gateParameters is null || !_gateParameters.ContainsKey("pi"):
                value = Math.PI;
                return true;
            case UnarySyntax { Operator: "-" } negation when TryFold(negation.Operand, out var operand):
                value = -operand;
                return true;
            case BinarySyntax { Operator: "+" or "-" or "*" or "/" or "**" } binary
                when TryFold(binary.Left, out var left) && TryFold(binary.Right, out var right):
                value = BinaryExpr.Apply(binary.Operator == "**" ? '^' : binary.Operator[0], left, right);
                return true;
            case CallSyntax { Arguments.Length: 1 } call
                when Version2Functions.Contains(call.Name.Name) && TryFold(call.Arguments[0], out var argument):
                value = CallExpr.Apply(call.Name.Name, argument);
                return true;
            default:
                return false;
        }
    }

    /// <summary>An OpenQASM 3 classical expression's value.</summary>
    private Value Evaluate(ExpressionSyntax expression)
    {
        switch (expression)
        {
            case LiteralSyntax literal:
                return Literal(literal);
            case IdentifierSyntax identifier:
                return Name(identifier);
            case UnarySyntax unary:
                var operand = Evaluate(unary.Operand);
                return Checked(ValueOperations.Unary(unary.Operator, operand, out var unaryError, out var unaryUnsupported), unaryError, unaryUnsupported, unary);
            case BinarySyntax { Operator: "++" } concatenation:
                throw Unsupported("register concatenation '++' outside 'let'", concatenation);
            case BinarySyntax binary:
                var left = Evaluate(binary.Left);
                var right = Evaluate(binary.Right);
                var result = ValueOperations.Binary(binary.Operator, left, right, out var error, out var unsupported);
                return error is null ? result : throw (unsupported
                    ? new DiagnosticException(Error(DiagnosticRules.Unsupported, $"{error} is not supported", binary.OperatorSpan))
                    : new DiagnosticException(Error(DiagnosticRules.Type, error, binary.OperatorSpan)));
            case CallSyntax { Name.Name: "real" or "imag", Arguments.Length: 1 } part:
                return ComplexPart(part);
            case CallSyntax { Arguments.Length: 1 } call when Version3Functions.Contains(call.Name.Name):
                var argument = Evaluate(call.Arguments[0]);
                if (argument.Kind == ValueKind.Unknown)
                {
                    return argument;
                }

                if (!argument.IsNumber && argument.Kind != ValueKind.Symbolic)
                {
                    throw new DiagnosticException(Error(DiagnosticRules.Type, $"function '{call.Name.Name}' takes a number, not {argument.Described}", call));
                }

                return Value.Symbolic(ExpressionFolding.Call(call.Name.Name, ValueOperations.AsExpr(argument)));
            case CallSyntax call when _subroutines.ContainsKey(call.Name.Name) || builder.Externs.Contains(call.Name.Name):
                return CallSubroutine(call);
            case CallSyntax { Name.Name: "sizeof" } call:
                return SizeOf(call);
            case CallSyntax call:
                foreach (var item in call.Arguments)
                {
                    Evaluate(item);
                }

                builder.Report(DiagnosticRules.UndefinedIdentifier, $"function '{call.Name.Name}' is not defined", At(call.Name));
                return Value.Unknown;
            case CastSyntax cast:
                return Cast(cast);
            case IndexSyntax { Target: IdentifierSyntax register, MoreIndices.IsEmpty: true } element when builder.TryGetClassicalRegister(register.Name, out var bits):
                var index = element.Index;
                if (index is RangeSyntax or SetSyntax)
                {
                    var slice = Indexed(register, index);
                    if (!slice.Set.IsDefault)
                    {
                        throw Unsupported("bits that are not consecutive as one value (write them one by one)", index);
                    }

                    if (slice.Index + slice.SliceLength > bits.Size)
                    {
                        throw new DiagnosticException(Error(DiagnosticRules.IndexOutOfRange,
                            $"the slice ends past register '{register.Name}' of size {bits.Size}", index));
                    }

                    return Value.Bits(bits.Offset + (int)slice.Index, slice.SliceLength);
                }

                var position = ConstInteger(index, "an index");
                if (position < 0 || position >= bits.Size)
                {
                    throw new DiagnosticException(Error(DiagnosticRules.IndexOutOfRange,
                        $"index {position} is out of range for register '{register.Name}' of size {bits.Size}", index));
                }

                return Value.Bits(bits.Offset + (int)position, 1);
            case MeasureSyntax measure:
                throw Unsupported("'measure' inside an expression", measure);
            case IndexSyntax arrayIndex when arrayIndex.Target is not IdentifierSyntax { Name: var root } || FindVariable(root) is { Type: ClassicalType.Array }:
                var indexed = Evaluate(arrayIndex.Target);
                if (indexed.Kind == ValueKind.Array)
                {
                    return ReadArray((ClassicalArray)indexed.Payload!, [arrayIndex.Index, .. arrayIndex.MoreIndices], arrayIndex);
                }

                if (ArrayElementBits(arrayIndex, indexed) is { } elementBits)
                {
                    return elementBits;
                }

                return indexed.Kind == ValueKind.Unknown ? indexed : throw Unsupported("indexing this value", expression);
            case IndexSyntax { Target: IdentifierSyntax { Name: var integer }, MoreIndices.IsEmpty: true } bitOf
                when FindVariable(integer) is { Type: ClassicalType.Int or ClassicalType.Uint } variable:
                return BitOfInteger(variable, bitOf);
            case DurationOfSyntax durationOf when _gateParameters is null:
                return DurationOf(durationOf);
            default:
                throw Unsupported(expression switch
                {
                    DurationOfSyntax => "'durationof' inside a gate body",
                    RangeSyntax => "a range as a value",
                    SetSyntax => "a set or array of values here",
                    PhysicalQubitSyntax => "a physical qubit as a classical value",
                    IndexSyntax => "indexing this value",
                    _ => "this expression",
                }, expression);
        }
    }

    private Value Cast(CastSyntax cast)
    {
        var argument = Evaluate(cast.Operand);
        if (cast.Type.Name == "bit")
        {
            return CastToBits(cast, argument);
        }

        if (!ScalarTypes.TryGetValue(cast.Type.Name, out var type) || type is ClassicalType.Duration or ClassicalType.Stretch)
        {
            throw Unsupported($"a cast to '{cast.Type.Name}'", cast.Type);
        }

        if (argument.Kind == ValueKind.Float && type is ClassicalType.Int or ClassicalType.Uint)
        {
            argument = Value.Int((long)Math.Truncate(argument.Real));
        }
        else if (argument.Kind == ValueKind.Float && type == ClassicalType.Bool)
        {
            argument = Value.Bool(argument.Real != 0);
        }
        else if (argument.Kind == ValueKind.Bool && type is ClassicalType.Float or ClassicalType.Angle)
        {
            argument = Value.Float(argument.Integer);
        }
        else if (argument.Kind == ValueKind.RuntimeInteger && type is ClassicalType.Int or ClassicalType.Uint)
        {
            var integer = (RuntimeInteger)argument.Payload!;
            var width = cast.Type.Size is null ? integer.Width : TypeWidth(cast.Type, cast.Type.Name, integer.Width);
            return Value.RuntimeInt(integer.Resize(width, type == ClassicalType.Int));
        }
        else if (argument.Kind is ValueKind.RuntimeInteger or ValueKind.Condition or ValueKind.Bits && type == ClassicalType.Bool)
        {
            return Value.Runtime(ValueOperations.AsCondition(argument)!);
        }
        else if (argument.Kind == ValueKind.Bits && type is ClassicalType.Int or ClassicalType.Uint)
        {
            // Measured bits read as an unsigned integer, as comparisons with integers already read them: the value
            // is known per shot, so it can only be compared, not stored.
            return argument;
        }

        return Convert(argument, type, 0, cast);
    }

    /// <summary><c>real(z)</c> and <c>imag(z)</c>: a part of a complex as a float; a real number is a complex whose
    /// imaginary part is 0.</summary>
    private Value ComplexPart(CallSyntax call)
    {
        var argument = Evaluate(call.Arguments[0]);
        if (argument.Kind == ValueKind.Unknown)
        {
            return argument;
        }

        if (!argument.IsNumber && argument.Kind != ValueKind.Complex)
        {
            throw new DiagnosticException(Error(DiagnosticRules.Type, $"function '{call.Name.Name}' takes a complex number, not {argument.Described}", call.Arguments[0]));
        }

        var value = ComplexArithmetic.Of(argument);
        return Value.Float(call.Name.Name == "real" ? value.Real : value.Imaginary);
    }

    private Value Literal(LiteralSyntax literal)
    {
        switch (literal.Kind)
        {
            case LiteralKind.Integer:
                var text = literal.Text.Replace("_", "", StringComparison.Ordinal);
                var (digits, radix) = text.Length > 2 && text[0] == '0' && char.IsAsciiLetter(text[1])
                    ? (text[2..], char.ToLowerInvariant(text[1]) switch { 'x' => 16, 'b' => 2, _ => 8 })
                    : (text, 10);
                try
                {
                    return Value.Int(radix == 10 ? long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture) : System.Convert.ToInt64(digits, radix));
                }
                catch (Exception e) when (e is OverflowException or FormatException or ArgumentException)
                {
                    throw new DiagnosticException(Error(DiagnosticRules.Syntax, $"integer {literal.Text} is too large", literal));
                }

            case LiteralKind.Float:
                return Value.Float(double.Parse(literal.Text, NumberStyles.Float, CultureInfo.InvariantCulture));
            case LiteralKind.Imaginary:
                var imaginary = literal.Text.AsSpan(0, literal.Text.Length - "im".Length).TrimEnd(" \t").ToString().Replace("_", "", StringComparison.Ordinal);
                return Value.Complex(new System.Numerics.Complex(0, double.Parse(imaginary, NumberStyles.Float, CultureInfo.InvariantCulture)));
            case LiteralKind.Boolean:
                return Value.Bool(literal.Text == "true");
            case LiteralKind.BitString:
                return BitString(literal);
            case LiteralKind.Duration:
                var unit = literal.Text.EndsWith("dt", StringComparison.Ordinal) ? "dt"
                    : literal.Text.Length > 2 && char.IsAsciiLetter(literal.Text[^2]) || literal.Text.EndsWith("µs", StringComparison.Ordinal) ? literal.Text[^2..]
                    : "s";
                var number = double.Parse(literal.Text.AsSpan(0, literal.Text.Length - unit.Length), NumberStyles.Float, CultureInfo.InvariantCulture);
                return unit == "dt" ? Value.Duration(number, "dt") : Value.Duration(number * unit switch
                {
                    "ns" => 1,
                    "us" or "µs" => 1e3,
                    "ms" => 1e6,
                    _ => 1e9,
                }, "ns");
            default:
                throw Unsupported($"{literal.Kind.ToString().ToLowerInvariant()} literals", literal);
        }
    }

    private Value Name(IdentifierSyntax identifier)
    {
        var name = identifier.Name;
        if (_gateParameters is not null && _gateParameters.TryGetValue(name, out var index))
        {
            return Value.Symbolic(new GateParameterExpr(index, name));
        }

        if (FindVariable(name) is { } variable)
        {
            return variable.Value;
        }

        switch (name)
        {
            case "pi" or "π":
                return Value.Float(Math.PI);
            case "tau" or "τ":
                return Value.Float(Math.Tau);
            case "euler" or "ℇ":
                return Value.Float(Math.E);
        }

        if (_gateParameters is null && builder.IsInput(name))
        {
            return builder.IsIntegerInput(name) ? Value.IntegerSymbolic(new InputExpr(name)) : Value.Symbolic(new InputExpr(name));
        }

        if (_gateParameters is null && builder.TryGetClassicalRegister(name, out var bits))
        {
            return Value.Bits(bits.Offset, bits.Size);
        }

        if (builder.TryGetQuantumRegister(name, out _))
        {
            throw new DiagnosticException(Error(DiagnosticRules.Type, $"'{name}' is a qubit register, not a classical value", identifier));
        }

        builder.Report(DiagnosticRules.UndefinedIdentifier, $"identifier '{name}' is not defined", At(identifier));
        return Value.Unknown;
    }

    private Value Checked(Value value, string? error, bool unsupported, SyntaxNode at) => error is null
        ? value
        : throw (unsupported ? Unsupported(error, at) : new DiagnosticException(Error(DiagnosticRules.Type, error, at)));

    private long ConstIntegerOrUnknown(ExpressionSyntax expression, string what, out bool known)
    {
        var value = Evaluate(expression);
        known = value.Kind != ValueKind.Unknown;
        return value.Kind switch
        {
            ValueKind.Int => value.Integer,
            ValueKind.Unknown => 0,
            ValueKind.Symbolic => throw Unsupported($"{what} read from an input (inputs get their values after the program is read)", expression),
            _ => throw new DiagnosticException(Error(DiagnosticRules.Type, $"expected {what} (an integer) but found {value.Described}", expression)),
        };
    }

    /// <summary>An integer known before the run: an index, a size, a width, a range bound.</summary>
    private long ConstInteger(ExpressionSyntax expression, string what)
    {
        if (version == 2)
        {
            if (expression is not LiteralSyntax { Kind: LiteralKind.Integer } literal)
            {
                throw new DiagnosticException(Error(DiagnosticRules.Syntax, $"expected {what}", expression));
            }

            return long.TryParse(literal.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                ? n
                : throw new DiagnosticException(Error(DiagnosticRules.Syntax, $"integer {literal.Text} is too large", literal));
        }

        var value = Evaluate(expression);
        return value.Kind switch
        {
            ValueKind.Int => value.Integer,
            ValueKind.Unknown => 0,
            ValueKind.Symbolic => throw Unsupported($"{what} read from an input (inputs get their values after the program is read)", expression),
            _ => throw new DiagnosticException(Error(DiagnosticRules.Type, $"expected {what} (an integer) but found {value.Described}", expression)),
        };
    }
}
