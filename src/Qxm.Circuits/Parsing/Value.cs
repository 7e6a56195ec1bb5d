using Qxm.Circuits.Ir;

namespace Qxm.Circuits.Parsing;

/// <summary>The parse-time value of an OpenQASM 3 classical expression.</summary>
/// <param name="Integer">The value of an <see cref="ValueKind.Int"/>, 1 or 0 for a <see cref="ValueKind.Bool"/>.</param>
/// <param name="Real">The value of a <see cref="ValueKind.Float"/> or <see cref="ValueKind.Duration"/>.</param>
/// <param name="Payload">A complex value's imaginary part, an <see cref="Expr"/>, <see cref="BitsReference"/>, <see cref="Ir.Condition"/>, or a duration's unit.</param>
internal readonly record struct Value(ValueKind Kind, long Integer, double Real, object? Payload)
{
    public static readonly Value Unknown = new(ValueKind.Unknown, 0, 0, null);

    public static readonly Value True = Bool(true);

    public static readonly Value False = Bool(false);

    public static Value Int(long value) => new(ValueKind.Int, value, value, null);

    public static Value Float(double value) => new(ValueKind.Float, 0, value, null);

    public static Value Bool(bool value) => new(ValueKind.Bool, value ? 1 : 0, value ? 1 : 0, null);

    public static Value Duration(double value, string unit) => new(ValueKind.Duration, 0, value, unit);

    public static Value Symbolic(Expr expr) => expr is ConstantExpr c ? Float(c.Constant) : new(ValueKind.Symbolic, 0, 0, expr);

    /// <summary>A value known when the circuit is bound that is an integer (an <c>int</c>, <c>uint</c> or <c>bool</c> input, or
    /// integer arithmetic on one): <see cref="Integer"/> 1 marks it, so that integer division on it can be refused.</summary>
    public static Value IntegerSymbolic(Expr expr) => new(ValueKind.Symbolic, 1, 0, expr);

    public bool IsIntegerSymbolic => Kind == ValueKind.Symbolic && Integer == 1;

    public static Value Bits(int offset, int width) => new(ValueKind.Bits, 0, 0, new BitsReference(offset, width));

    public static Value Runtime(Condition condition) => new(ValueKind.Condition, 0, 0, condition);

    public static Value RuntimeInt(RuntimeInteger value) => new(ValueKind.RuntimeInteger, 0, 0, value);

    public static Value Array(ClassicalArray array) => new(ValueKind.Array, 0, 0, array);

    /// <summary>A <c>complex</c>: the real part in <see cref="Real"/>, the imaginary part boxed in <see cref="Payload"/>.</summary>
    public static Value Complex(System.Numerics.Complex value) => new(ValueKind.Complex, 0, value.Real, value.Imaginary);

    /// <summary>The imaginary part of a <see cref="ValueKind.Complex"/>; 0 for any other value.</summary>
    public double Imaginary => Kind == ValueKind.Complex && Payload is double imaginary ? imaginary : 0;

    public bool IsNumber => Kind is ValueKind.Int or ValueKind.Float;

    public bool IsRuntime => Kind is ValueKind.Bits or ValueKind.Condition or ValueKind.RuntimeInteger;

    public string Unit => Payload as string ?? "ns";

    /// <summary>The type's name with its article, as a message reads it: "an int", "a float".</summary>
    public string Described => (TypeName[0] is 'a' or 'e' or 'i' or 'o' or 'u' ? "an " : "a ") + TypeName;

    /// <summary>The type's name as a user reads it in a message.</summary>
    public string TypeName => Kind switch
    {
        ValueKind.Int => "int",
        ValueKind.Float => "float",
        ValueKind.Bool => "bool",
        ValueKind.Duration => "duration",
        ValueKind.Stretch => "stretch",
        ValueKind.Symbolic => Integer == 1 ? "integer input" : "float input",
        ValueKind.Bits => "measured bits",
        ValueKind.Condition => "condition on measured bits",
        ValueKind.RuntimeInteger => "integer computed from measured bits",
        ValueKind.Array => "array",
        ValueKind.Complex => "complex",
        _ => "unknown",
    };
}
