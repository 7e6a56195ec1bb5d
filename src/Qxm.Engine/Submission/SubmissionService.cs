using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Qxm.Backends.Registry;
using Qxm.Domain.Errors;
using Qxm.Domain.Experiments;
using Qxm.Domain.Runs;
using Qxm.Engine.Api;
using Qxm.Engine.Persistence;
using Qxm.Engine.Tenancy;

namespace Qxm.Engine.Submission;

/// <summary>Submit → validate → queue. A refused experiment leaves nothing in the store.</summary>
internal sealed class SubmissionService(
    IRunStore runs,
    IArtifactStore artifacts,
    IBackendRegistry backends,
    TenantCatalog tenants,
    TimeProvider time,
    Action onQueued)
{
    /// <summary>How long a client refused for a full queue should wait: about one dispatch cycle.</summary>
    private static readonly TimeSpan QueueFullRetryAfter = TimeSpan.FromSeconds(5);

    public async Task<SubmitOutcome> SubmitAsync(ExperimentDefinition experiment, SubmitOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(options);
        var includes = new Dictionary<string, string>(options.Includes ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        var spec = ExperimentSpec.From(experiment, includes);

        if (!backends.TryGet(experiment.Backend, out var backend))
        {
            var known = string.Join(", ", backends.All.Select(b => b.Info.Id));
            return Refused(new Diagnostic("experiment.unknown-backend", $"unknown backend '{experiment.Backend}' (known: {known})", Path: "backend"));
        }

        if (!tenants.TryGet(options.Tenant, out var tenant))
        {
            return Refused(new Diagnostic("tenant.unknown", $"unknown tenant '{options.Tenant}'"));
        }

        if (!tenant.MayUse(backend.Info.Id))
        {
            return Refused(new Diagnostic(
                "tenant.backend-not-allowed", $"tenant '{tenant.Id}' may not use backend '{backend.Info.Id}' (allowed: {string.Join(", ", tenant.AllowedBackends)})", Path: "backend"));
        }

        if (options.Includes is null && options.BaseDirectory is not null)
        {
            // Read user includes now, so the stored spec is self-contained.
            spec = spec with { Includes = ReadIncludes(spec, options.BaseDirectory) };
        }

        var (prepared, diagnostics) = ExperimentPreparation.Prepare(spec);
        if (prepared is null)
        {
            return new SubmitOutcome(null, diagnostics);
        }

        var problems = diagnostics.Concat(TargetCheck.Check(spec, prepared, backend.Info)).ToList();
        if (problems.Any(d => d.IsError))
        {
            return new SubmitOutcome(null, problems);
        }

        var fingerprint = Fingerprint.Compute(prepared.Circuit, spec);
        var circuitArtifact = await artifacts.PutAsync(Encoding.UTF8.GetBytes(spec.CircuitSource), cancellationToken);
        var now = time.GetUtcNow();
        var run = new Run
        {
            Id = NewRunId(now),
            Name = experiment.Name,
            Fingerprint = fingerprint,
            Backend = backend.Info.Id,
            Shots = experiment.Shots,
            SweepPoints = prepared.Points.Count,
            State = RunState.Queued,
            CreatedAt = now,
            UpdatedAt = now,
            Priority = experiment.Priority,
            Seed = experiment.Seed ?? RandomSeed(),
            Tags = experiment.Tags,
            Tenant = tenant.Id,
            Diagnostics = problems,
        };
        var version = new ExperimentVersion(fingerprint, experiment.Name, JsonSerializer.Serialize(spec, SpecJson.Options), circuitArtifact, now);
        RunTransition[] history =
        [
            new(RunState.Submitted, RunState.Validated, now, options.Actor, null),
            new(RunState.Validated, RunState.Queued, now, options.Actor, null),
        ];
        var dayStart = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var created = await runs.CreateAsync(
            new NewRun(run, version, history, options.IdempotencyKey),
            new AdmissionLimits(tenant.MaxQueuedRuns, tenant.ShotsPerDay, dayStart),
            cancellationToken);
        switch (created.Status)
        {
            case CreateStatus.Duplicate:
                return new SubmitOutcome(created.Run, []);
            case CreateStatus.QueueFull:
                return new SubmitOutcome(null, [new Diagnostic("quota.queue-full",
                    $"tenant '{tenant.Id}' already has {tenant.MaxQueuedRuns} runs queued, its limit; retry when some have started")], QueueFullRetryAfter);
            case CreateStatus.ShotQuotaExceeded:
                return new SubmitOutcome(null, [new Diagnostic("quota.shots-per-day",
                    $"this run's {(long)run.Shots * run.SweepPoints} shots would exceed tenant '{tenant.Id}''s {tenant.ShotsPerDay} shots per day")],
                    dayStart.AddDays(1) - now);
        }

        onQueued();
        return new SubmitOutcome(run, problems);
    }

    /// <summary>Run ids sort by creation time (a UUIDv7) and read as qxm's: <c>r-</c> and 32 hex digits.</summary>
    private static string NewRunId(DateTimeOffset now) => "r-" + Guid.CreateVersion7(now).ToString("N");

    private static ulong RandomSeed() => BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)) >> 1;

    private static SubmitOutcome Refused(Diagnostic diagnostic) => new(null, [diagnostic]);

    private static Dictionary<string, string> ReadIncludes(ExperimentSpec spec, string baseDirectory)
    {
        var includes = new Dictionary<string, string>(StringComparer.Ordinal);
        var circuitDirectory = Path.GetDirectoryName(Path.Combine(baseDirectory, spec.CircuitOrigin)) ?? baseDirectory;
        foreach (var name in IncludeScanner.Names(spec.CircuitSource))
        {
            var path = Path.Combine(circuitDirectory, name);
            if (File.Exists(path))
            {
                includes[name] = File.ReadAllText(path);
            }
        }

        return includes;
    }
}
