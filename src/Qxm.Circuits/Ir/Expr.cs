using System.Globalization;

namespace Qxm.Circuits.Ir;

/// <summary>A real-valued gate parameter expression. Constant after binding; may reference
/// the program's <c>input</c> parameters before.</summary>
public abstract record Expr
{
    public static readonly IReadOnlyDictionary<string, double> NoBindings = new Dictionary<string, double>();

    /// <summary>Evaluates with the given input bindings; throws <see cref="KeyNotFoundException"/> for an unbound input.</summary>
    public abstract double Evaluate(IReadOnlyDictionary<string, double> bindings);

    /// <summary>The value of a constant expression (every expression after binding).</summary>
    public double Value => Evaluate(NoBindings);

    /// <summary>A canonical text form: fully parenthesised, round-trip number formatting. Used in fingerprints.</summary>
    public abstract string ToCanonicalString();

    /// <summary>Names of the inputs this expression reads.</summary>
    public abstract IEnumerable<string> Inputs();

    internal static string FormatNumber(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

public sealed record ConstantExpr(double Constant) : Expr
{
    public override double Evaluate(IReadOnlyDictionary<string, double> bindings) => Constant;

    public override string ToCanonicalString() => FormatNumber(Constant);

    public override IEnumerable<string> Inputs() => [];
}

public sealed record InputExpr(string Name) : Expr
{
    public override double Evaluate(IReadOnlyDictionary<string, double> bindings)
    {
        ArgumentNullException.ThrowIfNull(bindings);
        return bindings.TryGetValue(Name, out var v) ? v : throw new KeyNotFoundException($"input '{Name}' is not bound");
    }

    public override string ToCanonicalString() => "$" + Name;

    public override IEnumerable<string> Inputs() => [Name];
}

public sealed record UnaryExpr(char Operator, Expr Operand) : Expr
{
    public override double Evaluate(IReadOnlyDictionary<string, double> bindings) =>
        Operator == '-' ? -Operand.Evaluate(bindings) : Operand.Evaluate(bindings);

    public override string ToCanonicalString() => $"({Operator}{Operand.ToCanonicalString()})";

    public override IEnumerable<string> Inputs() => Operand.Inputs();
}

/// <summary>Operators: + - * / ^ (power).</summary>
public sealed record BinaryExpr(char Operator, Expr Left, Expr Right) : Expr
{
    public override double Evaluate(IReadOnlyDictionary<string, double> bindings)
    {
        return Apply(Operator, Left.Evaluate(bindings), Right.Evaluate(bindings));
    }

    internal static double Apply(char op, double l, double r) => op switch
    {
        '+' => l + r,
        '-' => l - r,
        '*' => l * r,
        '/' => l / r,
        '^' => Math.Pow(l, r),
        _ => throw new InvalidOperationException($"unknown operator '{op}'"),
    };

    public override string ToCanonicalString() => $"({Left.ToCanonicalString()}{Operator}{Right.ToCanonicalString()})";

    public override IEnumerable<string> Inputs() => Left.Inputs().Concat(Right.Inputs());
}

/// <summary>Functions: sin cos tan exp ln sqrt (and the OpenQASM 3 names arcsin arccos arctan).</summary>
public sealed record CallExpr(string Function, Expr Argument) : Expr
{
    public override double Evaluate(IReadOnlyDictionary<string, double> bindings)
    {
        return Apply(Function, Argument.Evaluate(bindings));
    }

    internal static double Apply(string function, double x)
    {
        return function switch
        {
            "sin" => Math.Sin(x),
            "cos" => Math.Cos(x),
            "tan" => Math.Tan(x),
            "exp" => Math.Exp(x),
            "ln" or "log" => Math.Log(x),
            "sqrt" => Math.Sqrt(x),
            "arcsin" => Math.Asin(x),
            "arccos" => Math.Acos(x),
            "arctan" => Math.Atan(x),
            _ => throw new InvalidOperationException($"unknown function '{function}'"),
        };
    }

    public override string ToCanonicalString() => $"{Function}({Argument.ToCanonicalString()})";

    public override IEnumerable<string> Inputs() => Argument.Inputs();
}
