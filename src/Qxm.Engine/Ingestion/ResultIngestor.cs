using System.Diagnostics;
using System.Text.Json;
using Qxm.Backends.Contract;
using Qxm.Domain.Backends;
using Qxm.Domain.Observables;
using Qxm.Domain.Provenance;
using Qxm.Domain.Runs;
using Qxm.Engine.Observables;
using Qxm.Engine.Diagnostics;
using Qxm.Engine.Persistence;
using Qxm.Engine.Submission;

namespace Qxm.Engine.Ingestion;

/// <summary>Checks a backend's result against the run (one count table per point, counts sum to shots, bit strings
/// as wide as the circuit's classical bits), stores it as an artifact and records it once. With a spool (decision 0043)
/// the document is stored in the result's own transaction and written to the artifact store afterwards, so the result
/// waits for one flush (its group's commit), not two.</summary>
internal sealed class ResultIngestor(IResultStore results, IArtifactStore artifacts, IArtifactSpool? spool = null, ArtifactSpooler? spooler = null)
{
    /// <param name="exact">The backend's exact states, when it has them: exact expectation values are computed from them.</param>
    /// <param name="calibration">The calibration the run was bound to: readout mitigation takes its numbers from it.</param>
    /// <param name="execution">The attempt's execution facts, stored in the result's transaction; null stores none.</param>
    public async Task<bool> IngestAsync(
        Run run, PreparedExperiment prepared, BackendJobResult result, IExactStates? exact, CalibrationSnapshot? calibration, string actor,
        ExecutionFacts? execution, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var activity = QxmTelemetry.Ingest.Source.StartActivity("qxm.ingest");
        activity?.SetTag(QxmTelemetry.Attributes.RunId, run.Id);
        activity?.SetTag(QxmTelemetry.Attributes.Shots, run.Shots);
        var outcome = "invalid";
        try
        {
            var recorded = await RecordAsync(run, prepared, result, exact, calibration, actor, execution, cancellationToken);
            outcome = recorded ? "recorded" : "duplicate";
            return recorded;
        }
        finally
        {
            activity?.SetTag(QxmTelemetry.Attributes.Outcome, outcome);
            QxmTelemetry.Ingest.Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
                new(QxmTelemetry.Labels.Backend, run.Backend), new(QxmTelemetry.Labels.Outcome, outcome));
        }
    }

    private async Task<bool> RecordAsync(
        Run run, PreparedExperiment prepared, BackendJobResult result, IExactStates? exact, CalibrationSnapshot? calibration, string actor,
        ExecutionFacts? execution, CancellationToken cancellationToken)
    {
        var problem = Validate(run, prepared, result);
        if (problem is not null)
        {
            throw new BackendException(BackendErrorKind.Fatal, $"backend returned an invalid result: {problem}", rawAnswer: result.RawAnswer);
        }

        var points = prepared.Plan is { } plan ? WithObservables(prepared, plan, result, plan.Mode == ExpectationMode.Exact ? exact : null, calibration) : new SweepPointResult[result.Counts.Count];
        for (var i = 0; prepared.Plan is null && i < points.Length; i++)
        {
            points[i] = new SweepPointResult(i, prepared.Points[i], result.Counts[i]);
        }

        var document = JsonSerializer.SerializeToUtf8Bytes(new ResultDocument(run.Id, run.Shots, run.Seed, points, result.ExecutionSeconds, result.Provenance), SpecJson.Options);
        if (spool is not null && spooler is not null)
        {
            var hash = ArtifactHash.Of(document);
            var spooled = new RunResult(run.Id, run.Shots, points, result.ExecutionSeconds, hash);
            if (!await spool.CompleteSpooledAsync(spooled, execution, document, actor, cancellationToken))
            {
                return false;
            }

            spooler.Enqueue(hash, document);
            return true;
        }

        var artifact = await artifacts.PutAsync(document, cancellationToken);
        var runResult = new RunResult(run.Id, run.Shots, points, result.ExecutionSeconds, artifact);
        return await results.CompleteAsync(runResult, execution, actor, cancellationToken);
    }

    /// <summary>One result per sweep point from its bases' count tables (point-major in the job, then noise scale, then
    /// basis), with each observable estimated from them, or computed exactly from the point's final state when asked on
    /// the ideal simulator; with zero-noise extrapolation, estimated at each scale and extrapolated to zero.</summary>
    private static SweepPointResult[] WithObservables(
        PreparedExperiment prepared, MeasurementPlan plan, BackendJobResult result, IExactStates? exact, CalibrationSnapshot? calibration)
    {
        var bases = plan.Bases.Count;
        var perPoint = plan.CircuitsPerPoint;
        var mitigation = plan.Mitigation == MitigationMethod.Readout ? ReadoutMitigation(plan, calibration) : null;
        var errors = mitigation is { Skipped: null } ? mitigation.ReadoutErrors : null;
        var points = new SweepPointResult[prepared.Points.Count];
        for (var i = 0; i < points.Length; i++)
        {
            var all = result.Counts.Skip(i * perPoint).Take(perPoint).ToArray();
            var counts = all[..bases];
            var raw = exact is null ? plan.Estimate(counts) : plan.Exact(exact.FinalState(prepared.BoundCircuits[i]));
            var observables = errors is not null && exact is null ? plan.Estimate(counts, errors) : raw;
            var pointMitigation = mitigation;
            if (plan.Zne is { } zne)
            {
                IReadOnlyList<ObservableValue>[] scaled = [raw, .. Enumerable.Range(1, plan.Scales.Count - 1).Select(s => plan.Estimate(all[(s * bases)..((s + 1) * bases)]))];
                observables = UnitaryFolding.Extrapolate(scaled, zne);
                pointMitigation = new MitigationRecord(MitigationMethod.Zne, CalibrationLabel(calibration), []) { Zne = zne, Scaled = scaled };
            }

            points[i] = new SweepPointResult(i, prepared.Points[i], counts[0])
            {
                Bases = [.. all.Select((c, k) => new BasisCounts(plan.Bases[k % bases], c)
                {
                    Mitigated = errors is not null && plan.Qubits <= MeasurementPlan.MaxMitigatedDistributionQubits ? MeasurementPlan.MitigatedDistribution(c, errors) : null,
                    Scale = plan.Zne is null ? null : plan.Scales[k / bases],
                })],
                Observables = observables,
                RawObservables = pointMitigation is null ? null : raw,
                Mitigation = pointMitigation,
            };
        }

        return points;
    }

    private static string? CalibrationLabel(CalibrationSnapshot? calibration) =>
        calibration is null ? null : $"{calibration.Backend}@{calibration.TakenAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>The readout errors of the circuit's qubits from the calibration the run was bound to, or why mitigation is
    /// skipped: no calibration (an ideal simulator needs none), a qubit it lacks, too many qubits, an error of 1/2 or more
    /// (no inverse).</summary>
    private static MitigationRecord ReadoutMitigation(MeasurementPlan plan, CalibrationSnapshot? calibration)
    {
        if (calibration is null)
        {
            return new MitigationRecord(MitigationMethod.Readout, null, [], "the backend has no calibration: its readout is ideal");
        }

        var at = CalibrationLabel(calibration);
        if (plan.Qubits > MeasurementPlan.MaxMitigatedQubits)
        {
            return new MitigationRecord(MitigationMethod.Readout, at, [], $"{plan.Qubits} qubits are measured; readout mitigation is done up to {MeasurementPlan.MaxMitigatedQubits}");
        }

        var errors = new double[plan.Qubits];
        for (var q = 0; q < errors.Length; q++)
        {
            if (calibration.Qubits.FirstOrDefault(c => c.Qubit == q) is not { } qubit)
            {
                return new MitigationRecord(MitigationMethod.Readout, at, [], $"the calibration has no readout error for qubit {q}");
            }

            if (qubit.ReadoutError >= 0.5)
            {
                return new MitigationRecord(MitigationMethod.Readout, at, [], $"qubit {q}'s readout error {qubit.ReadoutError} leaves nothing to invert");
            }

            errors[q] = qubit.ReadoutError;
        }

        return new MitigationRecord(MitigationMethod.Readout, at, errors);
    }

    private static string? Validate(Run run, PreparedExperiment prepared, BackendJobResult result)
    {
        if (result.Counts.Count != prepared.JobCircuits.Count)
        {
            return $"{result.Counts.Count} count tables for {prepared.JobCircuits.Count} circuits";
        }

        for (var i = 0; i < result.Counts.Count; i++)
        {
            var width = prepared.JobCircuits[i].ClbitCount;
            long total = 0;
            foreach (var (bits, count) in result.Counts[i])
            {
                if (bits.Length != width || bits.AsSpan().ContainsAnyExcept('0', '1'))
                {
                    return $"point {i}: outcome '{bits}' is not a {width}-bit string";
                }

                if (count < 0)
                {
                    return $"point {i}: negative count for '{bits}'";
                }

                total += count;
            }

            if (total != run.Shots)
            {
                return $"point {i}: counts sum to {total}, not {run.Shots} shots";
            }
        }

        return null;
    }
}
