using Qxm.Engine.Persistence;

namespace Qxm.Storage.Relational;

internal sealed class PendingCreate(NewRun newRun, AdmissionLimits limits)
{
    public NewRun NewRun { get; } = newRun;

    public AdmissionLimits Limits { get; } = limits;

    public TaskCompletionSource<CreateOutcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
