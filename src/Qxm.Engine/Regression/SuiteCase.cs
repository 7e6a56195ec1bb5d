namespace Qxm.Engine.Regression;

/// <summary>One experiment of a suite with its overrides and expectations.</summary>
/// <param name="Experiment">The experiment (.yaml, .json) or circuit (.qasm) file, resolved against the suite's directory.</param>
public sealed record SuiteCase(string Name, string Experiment, int? Shots, ulong? Seed, string? Backend, IReadOnlyList<Expectation> Expectations);
