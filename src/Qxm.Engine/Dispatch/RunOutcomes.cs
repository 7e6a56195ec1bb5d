using Microsoft.Extensions.Logging;
using Qxm.Backends.Contract;
using Qxm.Domain.Runs;
using Qxm.Engine.Diagnostics;
using Qxm.Engine.Ingestion;
using Qxm.Engine.Persistence;
using Qxm.Engine.Provenance;
using Qxm.Engine.Resilience;

namespace Qxm.Engine.Dispatch;

/// <summary>How a dispatched run ends: its result ingested once, or Failed with its classified reason, logged once with
/// the run id and counted once (outcome and error kind) by whoever moved it.</summary>
internal sealed partial class RunOutcomes(
    IRunStore runs, ResultIngestor ingestor, BackendCalls calls, TimeProvider time, ILogger logger, ExecutionRecorder executions)
{
    /// <summary>Ingests the result; a result that fails its checks fails the run as <see cref="BackendErrorKind.Fatal"/>,
    /// its raw answer kept as an artifact.</summary>
    public async Task<RunOutcome> CompleteAsync(DispatchedRun run, string jobId, BackendJobResult result, string actor, CancellationToken cancellationToken)
    {
        RunMetrics.Executed(run.Run, run.Prepared, result);
        // Recorded in the result's transaction, so a run that has one always has the facts of how it was produced.
        var facts = await executions.FactsAsync(run, result, cancellationToken);
        try
        {
            var recorded = await ingestor.IngestAsync(run.Run, run.Prepared, result, run.Backend as IExactStates, run.Job.Calibration, actor, facts, cancellationToken);
            Endings?.Ended(run.Run.Id);
            if (!recorded)
            {
                // Another attempt recorded the result first: this one changed nothing (but its facts).
                return RunOutcome.Stopped;
            }
        }
        catch (BackendException e)
        {
            // A result that fails its checks is not stored; the facts of the attempt that produced it are.
            await executions.RecordAsync(run.Run.Id, facts, cancellationToken);
            var failure = await calls.FailedAsync(run, "result", jobId, e.Kind, e.Message, cancellationToken, e.RawAnswer);
            return await FailAsync(run.Run, actor, failure.Failure.Kind, failure.Failure.Message, cancellationToken);
        }

        if (Costs is not null && result.Provenance?.GetValueOrDefault("costUsd") is { } reported
            && decimal.TryParse(reported, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var actual))
        {
            await Costs.RecordActualCostAsync(run.Run.Id, actual, cancellationToken);
        }

        EngineLog.RunSucceeded(logger, run.Run.Id, result.ExecutionSeconds);
        Count(run.Run, RunOutcome.Succeeded);
        if (run.Backend.Info.CostPerShot > 0)
        {
            QxmTelemetry.Cost.Spent.Add((double)(run.Backend.Info.CostPerShot * run.Run.Shots * run.Prepared.JobCircuits.Count),
                new(QxmTelemetry.Labels.Tenant, run.Run.Tenant), new(QxmTelemetry.Labels.Backend, run.Run.Backend));
        }
        return RunOutcome.Succeeded;
    }

    /// <summary>Gives a run whose backend is unavailable to an approved alternative instead of failing it; null when
    /// failover is off.</summary>
    public Func<Run, string, CancellationToken, Task<bool>>? FailOver { get; set; }

    /// <summary>Told when a run ends here, for waiters in this process; null tells no one.</summary>
    public RunEndings? Endings { get; init; }

    /// <summary>Where a vendor's reported cost of a run is recorded; null records none.</summary>
    public IRunCosts? Costs { get; set; }

    public async Task<RunOutcome> FailAsync(Run run, string actor, BackendErrorKind kind, string message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (kind == BackendErrorKind.DeviceUnavailable && FailOver is not null && await FailOver(run, $"{run.Backend} unavailable: {message}", cancellationToken))
        {
            return RunOutcome.Stopped;
        }

        return await FailAsync(run, actor, kind.ToString(), message, cancellationToken);
    }

    /// <summary>Fails the run with a classified reason (<c>Kind: message</c>), the kind a backend's or qxm's own (such as
    /// its deadline).</summary>
    public async Task<RunOutcome> FailAsync(Run run, string actor, string errorKind, string message, CancellationToken cancellationToken)
    {
        var reason = $"{errorKind}: {message}";
        var failed = await runs.TransitionAsync(run.Id, RunState.Running, RunState.Failed, actor, reason, cancellationToken);
        Endings?.Ended(run.Id);
        if (!failed)
        {
            return RunOutcome.Stopped;
        }

        LogFailed(logger, run.Id, run.Backend, reason);
        var outcome = RunOutcome.Failed(errorKind);
        Count(run, outcome);
        return outcome;
    }

    private void Count(Run run, RunOutcome outcome)
    {
        QxmTelemetry.Backends.Attempts.Add(1, new(QxmTelemetry.Labels.Backend, run.Backend),
            new(QxmTelemetry.Labels.Outcome, outcome.Outcome), new(QxmTelemetry.Labels.ErrorKind, outcome.ErrorKind));
        RunMetrics.Finished(run, outcome.Outcome, outcome.ErrorKind, time.GetUtcNow());
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "run {RunId} failed on {Backend}: {Reason}")]
    private static partial void LogFailed(ILogger logger, string runId, string backend, string reason);
}
