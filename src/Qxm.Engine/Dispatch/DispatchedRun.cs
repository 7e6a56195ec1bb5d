using Qxm.Backends.Contract;
using Qxm.Domain.Runs;
using Qxm.Engine.Submission;

namespace Qxm.Engine.Dispatch;

/// <summary>A claimed run ready for its backend: the circuits rebuilt from the stored spec, the job to send, and the
/// time after which the run stops retrying.</summary>
internal sealed record DispatchedRun(Run Run, PreparedExperiment Prepared, IBackend Backend, BackendJob Job, DateTimeOffset Deadline)
{
    /// <summary>The key the run's job carries at its backend: one job per run and backend, whoever submits it.</summary>
    public string IdempotencyKey => $"qxm-{Run.Id}@{Backend.Info.Id}";
}
