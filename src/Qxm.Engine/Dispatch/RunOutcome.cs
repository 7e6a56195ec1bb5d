using Qxm.Engine.Diagnostics;

namespace Qxm.Engine.Dispatch;

/// <summary>How one execution of a run ended, as its span and metrics label it: succeeded or failed (with the error
/// kind), stopped (cancelled, its lease lost, or another attempt recorded first), held for drift, or handed over to the
/// remote follower.</summary>
internal sealed record RunOutcome(string Outcome, string ErrorKind)
{
    public static readonly RunOutcome Succeeded = new("succeeded", QxmTelemetry.Labels.None);
    public static readonly RunOutcome Stopped = new("stopped", QxmTelemetry.Labels.None);
    public static readonly RunOutcome Held = new("held", QxmTelemetry.Labels.None);
    public static readonly RunOutcome Remote = new("remote", QxmTelemetry.Labels.None);

    public static RunOutcome Failed(string errorKind) => new("failed", errorKind);
}
