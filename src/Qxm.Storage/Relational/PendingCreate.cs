using System.Data.Common;
using Qxm.Engine.Persistence;

namespace Qxm.Storage.Relational;

/// <summary>A submission in a group commit. Submissions are decided together (the runs that need no reads are inserted in
/// one batch), so the group sets <see cref="Decided"/> and this write does nothing on its own.</summary>
internal sealed class PendingCreate(NewRun newRun, AdmissionLimits limits) : PendingWrite
{
    public NewRun NewRun { get; } = newRun;

    public AdmissionLimits Limits { get; } = limits;

    public TaskCompletionSource<CreateOutcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The outcome the group's transaction decided, delivered once it commits.</summary>
    public CreateOutcome? Decided { get; set; }

    public override string Operation => "submit";

    public override Task RunAsync(DbConnection connection, DbTransaction transaction, StatementCache statements) => Task.CompletedTask;

    public override void Committed() => Outcome.TrySetResult(Decided!);

    public override void Fail(Exception error) => Outcome.TrySetException(error);
}
