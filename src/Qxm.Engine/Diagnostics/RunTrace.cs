using System.Diagnostics;

namespace Qxm.Engine.Diagnostics;

/// <summary>A run's trace context as W3C <c>traceparent</c> text, stored on the run so the spans of its dispatch and
/// ingest join the submission's trace whichever process executes it.</summary>
public static class RunTrace
{
    /// <summary>The context to store for a run submitted under <paramref name="activity"/>. Without one (tracing off) the
    /// run still gets its own unsampled trace id, so logs and the run can be correlated.</summary>
    public static string TraceParentFor(Activity? activity) =>
        activity is { IdFormat: ActivityIdFormat.W3C } && activity.Id is { } id
            ? id
            : $"00-{ActivityTraceId.CreateRandom().ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-00";

    /// <summary>The parent context stored on a run; default when there is none or it does not parse.</summary>
    public static ActivityContext ParentOf(string? traceParent) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, null, isRemote: true, out var context) ? context : default;

    /// <summary>The 32-hex-digit trace id of a stored <c>traceparent</c>; null when there is none.</summary>
    public static string? TraceIdOf(string? traceParent) =>
        traceParent is { Length: >= 35 } && traceParent[2] == '-' ? traceParent.Substring(3, 32) : null;
}
