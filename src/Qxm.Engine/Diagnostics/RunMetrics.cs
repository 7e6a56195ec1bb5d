using Qxm.Backends.Contract;
using Qxm.Domain.Runs;
using Qxm.Engine.Submission;

namespace Qxm.Engine.Diagnostics;

/// <summary>The measurements taken when a run executes and when it ends, in one place so every path that ends a run
/// (success, failure, cancellation) counts it the same way.</summary>
internal static class RunMetrics
{
    public static void Finished(Run run, string outcome, string errorKind, DateTimeOffset now)
    {
        KeyValuePair<string, object?> backend = new(QxmTelemetry.Labels.Backend, run.Backend);
        KeyValuePair<string, object?> tenant = new(QxmTelemetry.Labels.Tenant, run.Tenant);
        KeyValuePair<string, object?> result = new(QxmTelemetry.Labels.Outcome, outcome);
        QxmTelemetry.Dispatch.Finished.Add(1, backend, tenant, result, new(QxmTelemetry.Labels.ErrorKind, errorKind));
        QxmTelemetry.Dispatch.EndToEnd.Record(Math.Max(0, (now - run.CreatedAt).TotalSeconds), backend, tenant, result);
    }

    /// <summary>Shots, and for simulators the amplitude updates (gates times 2^qubits per circuit, the final-state
    /// method's work) beside the time they report, so throughput is the rate of one over the other.</summary>
    public static void Executed(Run run, PreparedExperiment prepared, BackendJobResult result)
    {
        KeyValuePair<string, object?> backend = new(QxmTelemetry.Labels.Backend, run.Backend);
        QxmTelemetry.Dispatch.Shots.Add((long)run.Shots * run.SweepPoints, backend, new(QxmTelemetry.Labels.Tenant, run.Tenant));
        if (result.Provenance?.ContainsKey("method") == true && result.ExecutionSeconds > 0)
        {
            var updates = prepared.BoundCircuits.Sum(c => c.Operations.Length * Math.Pow(2, c.QubitCount));
            QxmTelemetry.Backends.AmplitudeUpdates.Add(updates, backend);
            QxmTelemetry.Backends.SimulatorTime.Add(result.ExecutionSeconds, backend);
        }
    }
}
