namespace Qxm.Engine.Regression;

/// <summary>One suite case after its run: the run, each expectation's outcome, or the error that kept it from being
/// checked (refused, failed run, no results).</summary>
public sealed record CaseResult(SuiteCase Case, string? RunId, string? Error, IReadOnlyList<ExpectationOutcome> Outcomes, TimeSpan Elapsed)
{
    public bool Passed => Error is null && Outcomes.All(o => o.Passed);
}
