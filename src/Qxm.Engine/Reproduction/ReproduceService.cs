using System.Text.Json;
using Qxm.Domain.Errors;
using Qxm.Domain.Experiments;
using Qxm.Domain.Runs;
using Qxm.Engine.Api;
using Qxm.Engine.Calibration;
using Qxm.Engine.Diagnostics;
using Qxm.Engine.Persistence;
using Qxm.Engine.Submission;

namespace Qxm.Engine.Reproduction;

/// <summary>Reruns and comparisons over the runs <paramref name="visible"/> shows the caller, who also submits the rerun
/// through it (so the caller needs the permission to submit).</summary>
internal sealed class ReproduceService(
    IRunService visible, IRunStore runs, IArtifactStore artifacts, IRunProvenance links, TimeProvider time) : IReproduceService
{
    public const string Reproduces = "reproduces";
    public const string ReproducedBy = "reproduced-by";

    public async Task<ReproduceOutcome> ReproduceAsync(string runId, string? backend, int? shots, CancellationToken cancellationToken)
    {
        if (await visible.GetAsync(runId, cancellationToken) is not { } original)
        {
            return new ReproduceOutcome(ReproduceStatus.NotFound);
        }

        // An Archived run was reproducible while Succeeded and still is: its result is read through from the archive.
        if (original.State != RunState.Succeeded
            && (original.State != RunState.Archived || await visible.GetResultAsync(original.Id, cancellationToken) is null))
        {
            return new ReproduceOutcome(ReproduceStatus.NotSucceeded);
        }

        var version = await runs.GetExperimentAsync(original.Fingerprint, cancellationToken)
            ?? throw new QxmException($"run {runId}: its experiment version {original.Fingerprint} is not stored");
        var spec = JsonSerializer.Deserialize<ExperimentSpec>(version.SpecJson, SpecJson.Options)
            ?? throw new QxmException($"experiment version {original.Fingerprint}: its spec is empty");
        var experiment = new ExperimentDefinition
        {
            Name = spec.Name,
            CircuitSource = spec.CircuitSource,
            CircuitOrigin = spec.CircuitOrigin,
            Parameters = spec.Parameters,
            Sweep = spec.Sweep,
            Shots = shots ?? original.Shots,
            Backend = backend ?? original.Backend,
            Seed = original.Seed,
            Options = spec.Options,
            Priority = original.Priority,
            Tags = original.Tags,
        };
        var outcome = await visible.SubmitAsync(experiment, new SubmitOptions(Includes: spec.Includes, Tenant: original.Tenant), cancellationToken);
        if (outcome.Run is not { } rerun)
        {
            return new ReproduceOutcome(ReproduceStatus.Refused, Diagnostics: outcome.Diagnostics);
        }

        await links.LinkAsync(rerun.Id, Reproduces, original.Id, ReproducedBy, time.GetUtcNow(), "pending", cancellationToken);
        return new ReproduceOutcome(ReproduceStatus.Submitted, rerun);
    }

    public async Task<ComparisonOutcome> CompareAsync(string rerunId, CancellationToken cancellationToken)
    {
        if (await visible.GetAsync(rerunId, cancellationToken) is not { } rerun)
        {
            return new ComparisonOutcome(ComparisonStatus.NotFound);
        }

        var link = (await links.ListLinksAsync(rerunId, cancellationToken)).FirstOrDefault(l => l.Relation == Reproduces);
        if (link is null || await visible.GetAsync(link.RunId, cancellationToken) is not { } original)
        {
            return new ComparisonOutcome(ComparisonStatus.NotAReproduction);
        }

        var first = await visible.GetResultAsync(original.Id, cancellationToken);
        var second = await visible.GetResultAsync(rerun.Id, cancellationToken);
        if (first is null || second is null)
        {
            return new ComparisonOutcome(ComparisonStatus.NotFinished, OriginalRunId: original.Id);
        }

        var calibration = new CalibrationDifference(original.Calibration?.Hash, rerun.Calibration?.Hash,
            original.Calibration?.Hash == rerun.Calibration?.Hash
                ? []
                : RunComparer.Changes(await SnapshotAsync(original, cancellationToken), await SnapshotAsync(rerun, cancellationToken)));
        var comparison = RunComparer.Compare(first, second, calibration);
        var verdict = JsonNamingPolicy.CamelCase.ConvertName(comparison.Verdict.ToString());
        if (link.Detail != verdict)
        {
            await links.LinkAsync(rerun.Id, Reproduces, original.Id, ReproducedBy, time.GetUtcNow(), verdict, cancellationToken);
            QxmTelemetry.Ingest.Reproductions.Add(1, new KeyValuePair<string, object?>(QxmTelemetry.Labels.Verdict, verdict));
        }

        return new ComparisonOutcome(ComparisonStatus.Compared, comparison, original.Id);
    }

    private async Task<Domain.Backends.CalibrationSnapshot?> SnapshotAsync(Run run, CancellationToken cancellationToken) =>
        run.Calibration is { } calibration && await artifacts.GetAsync(calibration.Hash, cancellationToken) is { } bytes
            ? CalibrationJson.Deserialize(bytes)
            : null;
}
