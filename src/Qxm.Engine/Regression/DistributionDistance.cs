namespace Qxm.Engine.Regression;

/// <summary>The total variation distance between the measured distribution and a reference is at most <c>max</c>:
/// half the sum over outcomes of the absolute difference of probabilities.</summary>
public sealed record DistributionDistance(IReadOnlyDictionary<string, double> Reference, double Max, int Point = 0) : Expectation(Point)
{
    public override string Statement => $"TVD to the reference{At} ≤ {Format(Max)}";

    protected override ExpectationOutcome Evaluate(IReadOnlyDictionary<string, long> counts, long total)
    {
        var referenceTotal = Reference.Values.Sum();
        var distance = 0.0;
        foreach (var outcome in counts.Keys.Union(Reference.Keys))
        {
            var measured = counts.TryGetValue(outcome, out var count) ? (double)count / total : 0;
            var expected = Reference.TryGetValue(outcome, out var weight) ? weight / referenceTotal : 0;
            distance += Math.Abs(measured - expected);
        }

        distance /= 2;
        return new ExpectationOutcome(Statement, distance <= Max, $"TVD = {Format(distance)}");
    }
}
