namespace Qxm.Engine.Regression;

/// <summary>The expectation value of a diagonal Pauli observable over the measured bits lies in [min, max]. The
/// observable is a string of <c>Z</c> and <c>I</c> aligned with the outcome bit strings (highest bit leftmost): each
/// outcome contributes its frequency times (-1) to the parity of the bits under a Z.</summary>
public sealed record ParityExpectation(string Observable, double Min, double Max, int Point = 0) : Expectation(Point)
{
    public override string Statement => $"<{Observable}>{At} in [{Format(Min)}, {Format(Max)}]";

    protected override ExpectationOutcome Evaluate(IReadOnlyDictionary<string, long> counts, long total)
    {
        var value = 0.0;
        foreach (var (bits, count) in counts)
        {
            if (bits.Length != Observable.Length)
            {
                return new ExpectationOutcome(Statement, false, $"outcomes have {bits.Length} bits, the observable {Observable.Length}");
            }

            var parity = 0;
            for (var i = 0; i < bits.Length; i++)
            {
                parity ^= Observable[i] == 'Z' && bits[i] == '1' ? 1 : 0;
            }

            value += (parity == 0 ? 1 : -1) * (double)count / total;
        }

        return new ExpectationOutcome(Statement, value >= Min && value <= Max, $"<{Observable}> = {Format(value)}");
    }
}
