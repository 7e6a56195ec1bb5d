namespace Qxm.Circuits.Ir;

/// <summary>A comparison of values known once the circuit's inputs are bound (<c>if (basis == 0)</c> on an
/// <c>input int basis</c>): it reads no clbits, and the binder decides it at each sweep point, keeping only the branch
/// taken. <paramref name="Operator"/> is one of <c>== != &lt; &lt;= &gt; &gt;=</c>.</summary>
public sealed record InputComparison(Expr Left, string Operator, Expr Right) : Condition
{
    /// <summary>Decides the comparison from its expressions; they must be bound (constant) by then.</summary>
    public override bool Evaluate(Func<int, bool> clbit) => Decide(Left.Value, Right.Value);

    /// <summary>Decides the comparison with the given input values.</summary>
    public bool Evaluate(IReadOnlyDictionary<string, double> bindings) => Decide(Left.Evaluate(bindings), Right.Evaluate(bindings));

    public override string ToCanonicalString() => $"({Left.ToCanonicalString()}{Operator}{Right.ToCanonicalString()})";

    public override IEnumerable<int> Clbits() => [];

    private bool Decide(double left, double right) => Operator switch
    {
        "==" => left == right,
        "!=" => left != right,
        "<" => left < right,
        "<=" => left <= right,
        ">" => left > right,
        ">=" => left >= right,
        _ => throw new InvalidOperationException($"unknown comparison '{Operator}'"),
    };
}
