namespace Qxm.Circuits.Ir;

public sealed record NotCondition(Condition Operand) : Condition
{
    public override bool Evaluate(Func<int, bool> clbit) => !Operand.Evaluate(clbit);

    public override string ToCanonicalString() => $"(!{Operand.ToCanonicalString()})";

    public override IEnumerable<int> Clbits() => Operand.Clbits();
}
