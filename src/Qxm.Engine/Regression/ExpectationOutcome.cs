namespace Qxm.Engine.Regression;

/// <summary>What one expectation found: its statement, whether it held, and the measured figure that decided it.</summary>
public sealed record ExpectationOutcome(string Statement, bool Passed, string Measured);
