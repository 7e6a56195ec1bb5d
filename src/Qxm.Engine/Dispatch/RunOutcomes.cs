using Microsoft.Extensions.Logging;
using Qxm.Backends.Contract;
using Qxm.Domain.Runs;
using Qxm.Engine.Ingestion;
using Qxm.Engine.Persistence;
using Qxm.Engine.Resilience;

namespace Qxm.Engine.Dispatch;

/// <summary>How a dispatched run ends: its result ingested once, or Failed with its classified reason, logged once with
/// the run id by whoever moved it.</summary>
internal sealed partial class RunOutcomes(IRunStore runs, ResultIngestor ingestor, BackendCalls calls, ILogger logger)
{
    /// <summary>Ingests the result; a result that fails its checks fails the run as <see cref="BackendErrorKind.Fatal"/>,
    /// its raw answer kept as an artifact.</summary>
    public async Task CompleteAsync(DispatchedRun run, string jobId, BackendJobResult result, string actor, CancellationToken cancellationToken)
    {
        try
        {
            await ingestor.IngestAsync(run.Run, run.Prepared, result, actor, cancellationToken);
        }
        catch (BackendException e)
        {
            var failure = await calls.FailedAsync(run, "result", jobId, e.Kind, e.Message, cancellationToken, e.RawAnswer);
            await FailAsync(run.Run, actor, failure.Failure.Kind, failure.Failure.Message, cancellationToken);
        }
    }

    public Task FailAsync(Run run, string actor, BackendErrorKind kind, string message, CancellationToken cancellationToken) =>
        FailAsync(run, actor, $"{kind}: {message}", cancellationToken);

    /// <summary>Fails the run with a classified reason (<c>Kind: message</c>) that is not a backend's, such as its deadline.</summary>
    public async Task FailAsync(Run run, string actor, string reason, CancellationToken cancellationToken)
    {
        if (await runs.TransitionAsync(run.Id, RunState.Running, RunState.Failed, actor, reason, cancellationToken))
        {
            LogFailed(logger, run.Id, run.Backend, reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "run {RunId} failed on {Backend}: {Reason}")]
    private static partial void LogFailed(ILogger logger, string runId, string backend, string reason);
}
