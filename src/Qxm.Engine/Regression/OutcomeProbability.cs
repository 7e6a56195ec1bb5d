namespace Qxm.Engine.Regression;

/// <summary>An outcome's measured frequency lies within <c>tolerance</c> of <c>probability</c>.</summary>
public sealed record OutcomeProbability(string Outcome, double Probability, double Tolerance, int Point = 0) : Expectation(Point)
{
    public override string Statement => $"P({Outcome}){At} = {Format(Probability)} ± {Format(Tolerance)}";

    protected override ExpectationOutcome Evaluate(IReadOnlyDictionary<string, long> counts, long total)
    {
        var measured = counts.TryGetValue(Outcome, out var count) ? (double)count / total : 0;
        return new ExpectationOutcome(Statement, Math.Abs(measured - Probability) <= Tolerance, $"P({Outcome}) = {Format(measured)}");
    }
}
