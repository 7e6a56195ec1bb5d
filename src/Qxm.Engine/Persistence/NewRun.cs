using Qxm.Domain.Runs;

namespace Qxm.Engine.Persistence;

public sealed record NewRun(Run Run, ExperimentVersion Experiment, IReadOnlyList<RunTransition> History);
