using System.Globalization;
using Qxm.Domain.Runs;

namespace Qxm.Engine.Regression;

/// <summary>A statement about a run's result, checked at one sweep point (the first when the suite names none).</summary>
public abstract record Expectation(int Point)
{
    /// <summary>The line of the suite file it was written on, for messages.</summary>
    public int Line { get; init; }

    public ExpectationOutcome Evaluate(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (Point >= result.Points.Count)
        {
            return new ExpectationOutcome(Statement, false, $"the run has {result.Points.Count} point(s), no point {Point}");
        }

        var counts = result.Points[Point].Counts;
        var total = counts.Values.Sum();
        return total == 0 ? new ExpectationOutcome(Statement, false, "no shots counted") : Evaluate(counts, total);
    }

    public abstract string Statement { get; }

    protected abstract ExpectationOutcome Evaluate(IReadOnlyDictionary<string, long> counts, long total);

    protected string At => Point == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $" at point {Point}");

    protected static string Format(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
