namespace Qxm.Circuits.Ir;

/// <summary><c>&amp;&amp;</c> or <c>||</c>, short-circuiting as in OpenQASM.</summary>
public sealed record LogicalCondition(string Operator, Condition Left, Condition Right) : Condition
{
    public override bool Evaluate(Func<int, bool> clbit) => Operator == "&&"
        ? Left.Evaluate(clbit) && Right.Evaluate(clbit)
        : Left.Evaluate(clbit) || Right.Evaluate(clbit);

    public override string ToCanonicalString() => $"({Left.ToCanonicalString()}{Operator}{Right.ToCanonicalString()})";

    public override IEnumerable<int> Clbits() => Left.Clbits().Concat(Right.Clbits());
}
