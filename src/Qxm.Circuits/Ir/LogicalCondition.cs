namespace Qxm.Circuits.Ir;

/// <summary><c>&amp;&amp;</c> or <c>||</c>, short-circuiting as in OpenQASM, or <c>^</c>, exclusive or (the bitwise
/// operators <c>&amp;</c>, <c>|</c> and <c>^</c> on single bits read as the first two and this).</summary>
public sealed record LogicalCondition(string Operator, Condition Left, Condition Right) : Condition
{
    public override bool Evaluate(Func<int, bool> clbit) => Operator switch
    {
        "&&" => Left.Evaluate(clbit) && Right.Evaluate(clbit),
        "||" => Left.Evaluate(clbit) || Right.Evaluate(clbit),
        "^" => Left.Evaluate(clbit) != Right.Evaluate(clbit),
        _ => throw new InvalidOperationException($"unknown logical operator '{Operator}'"),
    };

    public override string ToCanonicalString() => $"({Left.ToCanonicalString()}{Operator}{Right.ToCanonicalString()})";

    public override IEnumerable<int> Clbits() => Left.Clbits().Concat(Right.Clbits());
}
