namespace Qxm.Circuits.Ir;

/// <summary>A value known before the run, written into bits at run time (<c>bit[2] flags = "11";</c> inside a loop on
/// measurements must set the bits each pass, not once).</summary>
public sealed record ConstantCondition(bool Value) : Condition
{
    public override bool Evaluate(Func<int, bool> clbit) => Value;

    public override string ToCanonicalString() => Value ? "true" : "false";

    public override IEnumerable<int> Clbits() => [];
}
