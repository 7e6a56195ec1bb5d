namespace Qxm.Domain.Experiments;

/// <summary>The values one parameter takes: one value for a fixed parameter, several for a swept one.</summary>
public sealed record ParameterAxis(string Name, IReadOnlyList<double> Values);
