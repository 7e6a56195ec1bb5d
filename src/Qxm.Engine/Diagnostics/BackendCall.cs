using System.Diagnostics;
using Qxm.Domain.Runs;

namespace Qxm.Engine.Diagnostics;

/// <summary>One call to a backend: a <c>qxm.backend.&lt;operation&gt;</c> span and its duration, an error unless
/// <see cref="Succeeded"/> was called before disposal.</summary>
internal sealed class BackendCall : IDisposable
{
    private readonly string _operation;
    private readonly string _backend;
    private readonly Activity? _activity;
    private readonly long _started = Stopwatch.GetTimestamp();
    private bool _succeeded;

    private BackendCall(string operation, Run run)
    {
        _operation = operation;
        _backend = run.Backend;
        _activity = QxmTelemetry.Backends.Source.StartActivity("qxm.backend." + operation, ActivityKind.Client);
        _activity?.SetTag(QxmTelemetry.Attributes.RunId, run.Id);
        _activity?.SetTag(QxmTelemetry.Attributes.Backend, run.Backend);
    }

    public static BackendCall Start(string operation, Run run) => new(operation, run);

    public void Succeeded(string? jobId)
    {
        _succeeded = true;
        _activity?.SetTag(QxmTelemetry.Attributes.JobId, jobId);
    }

    public void Dispose()
    {
        var outcome = _succeeded ? "ok" : "error";
        if (!_succeeded)
        {
            _activity?.SetStatus(ActivityStatusCode.Error);
        }

        QxmTelemetry.Backends.RequestDuration.Record(Stopwatch.GetElapsedTime(_started).TotalSeconds,
            new(QxmTelemetry.Labels.Backend, _backend), new(QxmTelemetry.Labels.Operation, _operation), new(QxmTelemetry.Labels.Outcome, outcome));
        _activity?.Dispose();
    }
}
