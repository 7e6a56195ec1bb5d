namespace Qxm.Engine.Hooks;

/// <summary>An objective hook's answer for one evaluation: its value and standard error, and the artifact holding the
/// step's provenance record; or, when <see cref="Failure"/> is set, why there is no value (classified by <see cref="Fault"/>).</summary>
public sealed record ObjectiveReading(double Value, double StandardError, string? Artifact, string? Failure, HookFault? Fault);
