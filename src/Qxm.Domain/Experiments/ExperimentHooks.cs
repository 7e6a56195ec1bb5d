namespace Qxm.Domain.Experiments;

/// <summary>An experiment's hooks: <see cref="Pre"/> runs before binding and may set the parameters; <see cref="Post"/>
/// runs after the results and computes derived quantities, stored as an artifact. They run where <c>qxm run</c> runs.</summary>
public sealed record ExperimentHooks(Hook? Pre, Hook? Post);
