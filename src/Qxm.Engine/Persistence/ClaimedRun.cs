using Qxm.Domain.Runs;

namespace Qxm.Engine.Persistence;

public sealed record ClaimedRun(Run Run, ExperimentVersion Experiment);
