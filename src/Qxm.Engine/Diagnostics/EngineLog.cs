using Microsoft.Extensions.Logging;

namespace Qxm.Engine.Diagnostics;

/// <summary>The engine's log messages, source-generated. Each run event is logged once, inside the run's scope (run id
/// and trace id), so a log line finds its trace and its run.</summary>
internal static partial class EngineLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "run {RunId} queued on {Backend} for tenant {Tenant}")]
    public static partial void RunQueued(ILogger logger, string runId, string backend, string tenant);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "submission refused for tenant {Tenant}: {Reason}")]
    public static partial void SubmissionRefused(ILogger logger, string tenant, string reason);

    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "run {RunId} started on {Backend}, attempt {Attempt}")]
    public static partial void RunStarted(ILogger logger, string runId, string backend, int attempt);

    [LoggerMessage(EventId = 111, Level = LogLevel.Information, Message = "run {RunId} succeeded in {Seconds:0.000} s")]
    public static partial void RunSucceeded(ILogger logger, string runId, double seconds);

    [LoggerMessage(EventId = 112, Level = LogLevel.Warning, Message = "run {RunId} failed ({ErrorKind}): {Reason}")]
    public static partial void RunFailed(ILogger logger, string runId, string errorKind, string reason);

    [LoggerMessage(EventId = 113, Level = LogLevel.Information, Message = "run {RunId} stopped: cancelled or its lease was lost")]
    public static partial void RunStopped(ILogger logger, string runId);

    [LoggerMessage(EventId = 114, Level = LogLevel.Warning, Message = "{Count} runs requeued after their leases expired")]
    public static partial void RunsRequeued(ILogger logger, int count);

    [LoggerMessage(EventId = 120, Level = LogLevel.Error, Message = "worker {WorkerId} failed outside any run; it goes on after a pause")]
    public static partial void WorkerLoopFailed(ILogger logger, Exception exception, string workerId);

    [LoggerMessage(EventId = 121, Level = LogLevel.Warning, Message = "the sweep of spooled results' documents failed; it is tried again later")]
    public static partial void SpoolSweepFailed(ILogger logger, Exception exception);
}
