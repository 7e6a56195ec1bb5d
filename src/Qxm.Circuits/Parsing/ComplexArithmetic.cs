using System.Numerics;

namespace Qxm.Circuits.Parsing;

/// <summary>OpenQASM 3's <c>complex[float[n]]</c> values, known before the run: <c>+ - * / **</c>, <c>==</c> and
/// <c>!=</c>, and negation. An integer or a float meets a complex as a complex with no imaginary part (the
/// specification's implicit promotion); nothing turns a complex back into a real but <c>real</c> and <c>imag</c>.</summary>
internal static class ComplexArithmetic
{
    public static bool Involves(Value left, Value right) =>
        (left.Kind == ValueKind.Complex && (right.IsNumber || right.Kind == ValueKind.Complex))
        || (right.Kind == ValueKind.Complex && left.IsNumber);

    public static Complex Of(Value value) => value.Kind == ValueKind.Complex ? new Complex(value.Real, value.Imaginary) : new Complex(value.Real, 0);

    /// <summary>The operator's result, or null where it takes no complex operands (ordering, bit logic, <c>%</c>).</summary>
    public static Value? Binary(string op, Value left, Value right)
    {
        var a = Of(left);
        var b = Of(right);
        return op switch
        {
            "+" => Value.Complex(a + b),
            "-" => Value.Complex(a - b),
            "*" => Value.Complex(a * b),
            "/" => Value.Complex(a / b),
            "**" => Value.Complex(Complex.Pow(a, b)),
            "==" => Value.Bool(a == b),
            "!=" => Value.Bool(a != b),
            _ => null,
        };
    }
}
