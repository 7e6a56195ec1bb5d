using System.Globalization;
using System.Text.Json;
using Qxm.Domain.Provenance;
using Qxm.Domain.Runs;
using Qxm.Engine.Persistence;
using Qxm.Engine.Submission;

namespace Qxm.Engine.Provenance;

/// <summary>Assembles a run's provenance from what the stores hold about it, and names what a complete record lacks.</summary>
internal static class ProvenanceBuilder
{
    public static RunProvenance Build(
        Run run,
        ExperimentVersion? experiment,
        RunResult? result,
        IReadOnlyList<RunTransition> transitions,
        IReadOnlyList<ExecutionFacts> executions,
        IReadOnlyList<RunLink> links)
    {
        ArgumentNullException.ThrowIfNull(run);
        var spec = experiment is null ? null : JsonSerializer.Deserialize<ExperimentSpec>(experiment.SpecJson, SpecJson.Options);
        var artifacts = new List<ArtifactReference>();
        if (experiment is not null)
        {
            artifacts.Add(new ArtifactReference("source", spec?.CircuitOrigin ?? "circuit", experiment.CircuitArtifact, Stored: true));
        }

        foreach (var (name, content) in (spec?.Includes ?? new Dictionary<string, string>()).OrderBy(i => i.Key, StringComparer.Ordinal))
        {
            artifacts.Add(new ArtifactReference("include", name, ExecutionRecorder.Hash(content), Stored: false));
        }

        var lastExecution = executions.Count == 0 ? null : executions[^1];
        if (lastExecution is not null)
        {
            artifacts.AddRange(lastExecution.BoundCircuits.Select((hash, i) =>
                new ArtifactReference("bound-circuit", i.ToString(CultureInfo.InvariantCulture), hash, Stored: false)));
        }

        if (result is not null)
        {
            artifacts.Add(new ArtifactReference("result", "counts", result.ArtifactHash, Stored: true));
        }

        if (run.Calibration is { } calibration)
        {
            artifacts.Add(new ArtifactReference("calibration", run.Backend, calibration.Hash, Stored: true));
        }

        artifacts.AddRange(run.BackendAttempts.Where(a => a.Artifact is not null).Select(a =>
            new ArtifactReference("raw-answer", $"{a.Operation}#{a.Sequence.ToString(CultureInfo.InvariantCulture)}", a.Artifact!, Stored: true)));

        var firstQueued = transitions.FirstOrDefault(t => t.To == RunState.Queued)?.At;
        var firstRunning = transitions.FirstOrDefault(t => t.To == RunState.Running)?.At;
        var lastRunning = transitions.LastOrDefault(t => t.To == RunState.Running)?.At;
        var ended = RunLifecycle.IsTerminal(run.State) ? transitions.LastOrDefault(t => t.From == RunState.Running && t.To != RunState.Queued)?.At : null;
        var record = new RunProvenance
        {
            RunId = run.Id,
            Name = run.Name,
            Tenant = run.Tenant,
            Submitter = transitions.Count == 0 ? string.Empty : transitions[0].Actor,
            State = run.State,
            Fingerprint = run.Fingerprint,
            ExperimentCreatedAt = experiment?.CreatedAt ?? run.CreatedAt,
            Backend = run.Backend,
            Shots = run.Shots,
            SweepPoints = run.SweepPoints,
            Seed = run.Seed,
            Tags = run.Tags,
            Options = spec?.Options is { } options ? JsonSerializer.Serialize(options, SpecJson.Options) : null,
            CalibrationHash = run.Calibration?.Hash,
            CalibrationTakenAt = run.Calibration?.TakenAt,
            CreatedAt = run.CreatedAt,
            UpdatedAt = run.UpdatedAt,
            QueueWaitSeconds = firstQueued is { } queued && firstRunning is { } running ? (running - queued).TotalSeconds : null,
            ExecutionSeconds = lastRunning is { } start && ended is { } end ? (end - start).TotalSeconds : null,
            BackendSeconds = result?.SimulationSeconds,
            Attempts = run.Attempts,
            Error = run.Error,
            BackendJobId = run.BackendJobId,
            TraceId = run.TraceId,
            Artifacts = artifacts,
            Executions = executions,
            BackendCalls = run.BackendAttempts,
            Transitions = transitions,
            Links = links,
        };
        return record with { Missing = Missing(record, experiment, result) };
    }

    /// <summary>What a succeeded run's record must hold; other states are complete with what they have.</summary>
    private static List<string> Missing(RunProvenance record, ExperimentVersion? experiment, RunResult? result)
    {
        var missing = new List<string>();
        if (experiment is null)
        {
            missing.Add("experiment version");
        }

        if (record.Transitions.Count == 0 || string.IsNullOrEmpty(record.Submitter))
        {
            missing.Add("transitions and submitter");
        }

        if (record.State != RunState.Succeeded || record.Links.Any(l => l.Relation == "cached-from"))
        {
            return missing;
        }

        if (result is null)
        {
            missing.Add("result artifact");
        }

        if (record.Executions.Count == 0)
        {
            missing.Add("execution facts");
            return missing;
        }

        var execution = record.Executions[^1];
        AddIfEmpty(missing, "qxm version", execution.QxmVersion);
        AddIfEmpty(missing, "qxm commit", execution.QxmCommit);
        AddIfEmpty(missing, "runtime", execution.Runtime);
        AddIfEmpty(missing, "operating system", execution.OperatingSystem);
        AddIfEmpty(missing, "cpu model", execution.CpuModel);
        AddIfEmpty(missing, "target version", execution.TargetVersion);
        if (execution.BoundCircuits.Count != record.SweepPoints)
        {
            missing.Add("bound circuits");
        }

        if (execution.Simulation.ContainsKey("method") && execution.VectorWidth <= 0)
        {
            missing.Add("vector width");
        }

        if (execution.Calibrated && record.CalibrationHash is null)
        {
            missing.Add("calibration snapshot");
        }

        if (record.QueueWaitSeconds is null || record.ExecutionSeconds is null)
        {
            missing.Add("queue wait and execution time");
        }

        if (record.Seed is null && execution.Simulation.ContainsKey("method"))
        {
            missing.Add("seed");
        }

        return missing;
    }

    private static void AddIfEmpty(List<string> missing, string name, string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            missing.Add(name);
        }
    }
}
