namespace Qxm.Engine.Regression;

/// <summary>A regression suite: experiments to run and what their results must show (<c>qxm check SUITE.yaml</c>).</summary>
/// <param name="File">The suite file as named on the command line; experiment paths are relative to its directory.</param>
public sealed record RegressionSuite(string Name, string File, IReadOnlyList<SuiteCase> Cases);
