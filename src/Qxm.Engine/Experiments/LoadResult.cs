using Qxm.Domain.Errors;
using Qxm.Domain.Experiments;

namespace Qxm.Engine.Experiments;

/// <summary>The outcome of loading an experiment: a definition only when there is no error.</summary>
public sealed record LoadResult(ExperimentDefinition? Experiment, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Succeeded => Experiment is not null;
}
