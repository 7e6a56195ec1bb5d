using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Qxm.Backends.Contract;
using Qxm.Backends.Registry;
using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;
using Qxm.Domain.Errors;
using Qxm.Domain.Experiments;
using Qxm.Domain.Runs;
using Qxm.Engine.Api;
using Qxm.Engine.Costs;
using Qxm.Engine.Persistence;
using Qxm.Domain.Tenancy;
using Qxm.Engine.Matching;
using Qxm.Engine.Tenancy;
using Qxm.Engine.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Qxm.Engine.Submission;

/// <summary>Submit → validate → queue. A refused experiment leaves nothing in the store.</summary>
internal sealed class SubmissionService(
    IRunStore runs,
    IArtifactStore artifacts,
    IBackendRegistry backends,
    TenantCatalog tenants,
    EngineOptions engineOptions,
    TimeProvider time,
    Action onQueued,
    ILogger logger)
{
    /// <summary>A Rejected run keeps at most this many diagnostics, each at most <see cref="MaxKeptMessage"/> characters:
    /// a refusal stores a bounded record, whatever was sent.</summary>
    private const int MaxKeptDiagnostics = 50;

    private const int MaxKeptMessage = 500;

    /// <summary>How long a client refused for a full queue should wait: about one dispatch cycle.</summary>
    private static readonly TimeSpan QueueFullRetryAfter = TimeSpan.FromSeconds(5);

    private const string NoisySimulatorKind = "noisy-simulator";

    /// <summary>Queues longer than this all count as long: the proxy for the wait needs no exact figure.</summary>
    private const int MaxQueueProbe = 1000;

    /// <summary>Submits under a <c>qxm.submit</c> span (a child of the caller's trace when it sent one), whose context the
    /// run keeps so its dispatch and ingest join the same trace, and counts the outcome.</summary>
    public async Task<SubmitOutcome> SubmitAsync(ExperimentDefinition experiment, SubmitOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(options);
        var started = Stopwatch.GetTimestamp();
        using var activity = QxmTelemetry.Submission.Source.StartActivity("qxm.submit");
        var outcome = await SubmitTracedAsync(experiment, options, activity, cancellationToken);
        var (result, reason) = outcome switch
        {
            { Run: not null } => ("accepted", QxmTelemetry.Labels.None),
            { RetryAfter: not null } => ("refused", FirstRule(outcome.Diagnostics)),
            { RejectedRunId: not null } => ("rejected", FirstRule(outcome.Diagnostics)),
            _ => ("refused", FirstRule(outcome.Diagnostics)),
        };
        var tenant = tenants.TryGet(options.Tenant, out var known) ? known.Id : "unknown";
        var backend = outcome.Run?.Backend ?? (backends.TryGet(experiment.Backend, out var named) ? named.Info.Id : "unknown");
        // Four tags: a TagList keeps them inline, where the params overload would allocate an array every submission.
        QxmTelemetry.Submission.Submissions.Add(1, new TagList
        {
            { QxmTelemetry.Labels.Tenant, tenant }, { QxmTelemetry.Labels.Backend, backend },
            { QxmTelemetry.Labels.Outcome, result }, { QxmTelemetry.Labels.Reason, reason },
        });
        QxmTelemetry.Submission.Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>(QxmTelemetry.Labels.Outcome, result));
        if (activity is not null)
        {
            activity.SetTag(QxmTelemetry.Attributes.Tenant, tenant);
            activity.SetTag(QxmTelemetry.Attributes.Backend, backend);
            activity.SetTag(QxmTelemetry.Attributes.Outcome, result);
            activity.SetTag(QxmTelemetry.Attributes.RunId, outcome.Run?.Id ?? outcome.RejectedRunId);
            if (outcome.Run is null)
            {
                activity.SetStatus(ActivityStatusCode.Error, reason);
            }
        }

        if (outcome.Run is { } run)
        {
            using (logger.BeginScope(new RunScope(run.Id, run.TraceId)))
            {
                EngineLog.RunQueued(logger, run.Id, run.Backend, run.Tenant);
            }
        }
        else
        {
            EngineLog.SubmissionRefused(logger, tenant, reason);
        }

        return outcome;
    }

    private static string Budgets(Tenant tenant) => string.Join(" and ", new[]
    {
        tenant.BudgetPerDay is { } day ? string.Create(CultureInfo.InvariantCulture, $"${day} a UTC day") : null,
        tenant.BudgetPerMonth is { } month ? string.Create(CultureInfo.InvariantCulture, $"${month} a UTC month") : null,
    }.Where(b => b is not null));

    private static string FirstRule(IReadOnlyList<Diagnostic> diagnostics) =>
        diagnostics.FirstOrDefault(d => d.IsError)?.Rule ?? QxmTelemetry.Labels.None;

    /// <param name="activity">The submission's span: validation and admission are timed events on it rather than spans
    /// of their own, which cost as much as the span each (docs/decisions/0036).</param>
    private async Task<SubmitOutcome> SubmitTracedAsync(ExperimentDefinition experiment, SubmitOptions submitOptions, Activity? activity, CancellationToken cancellationToken)
    {
        var traceParent = RunTrace.TraceParentFor(activity);
        var validating = SpanPhase.Start(activity);
        var checkedExperiment = await CheckAsync(experiment, submitOptions, cancellationToken);
        validating.End("qxm.validate", checkedExperiment.Diagnostics.Any(d => d.IsError) ? "invalid" : "valid");

        var (tenant, backend, spec, prepared, problems, parsed) = checkedExperiment;
        if (tenant is not null && backend is not null && parsed is not null && problems.Any(d => d.IsError))
        {
            return new SubmitOutcome(null, problems, RejectedRunId: await RejectAsync(experiment, submitOptions, tenant, backend.Info.Id, spec, parsed, problems, traceParent, cancellationToken));
        }

        if (tenant is null || backend is null || prepared is null || problems.Any(d => d.IsError))
        {
            return new SubmitOutcome(null, problems);
        }

        var fingerprint = Fingerprint.Compute(prepared.Circuit, spec);
        var circuitBytes = Encoding.UTF8.GetBytes(spec.CircuitSource);
        var circuitArtifact = await artifacts.PutAsync(circuitBytes, cancellationToken);
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
            TraceParent = traceParent,
            OnDrift = experiment.OnDrift ?? tenant.OnDrift,
            Failover = (experiment.Failover ?? tenant.Failover.GetValueOrDefault(backend.Info.Id)) is { Count: > 0 } alternatives
                ? new RunFailover(alternatives)
                : null,
        };
        var specJson = JsonSerializer.Serialize(spec, SpecJson.Options);
        var version = new ExperimentVersion(fingerprint, experiment.Name, specJson, circuitArtifact, now);
        RunTransition[] history =
        [
            new(RunState.Submitted, RunState.Validated, now, submitOptions.Actor, null),
            new(RunState.Validated, RunState.Queued, now, submitOptions.Actor, null),
        ];
        var dayStart = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var estimate = RunCostEstimate.Of(backend, prepared.BoundCircuits, experiment.Shots);
        var admitting = SpanPhase.Start(activity);
        var created = await runs.CreateAsync(
            new NewRun(run, version, history, submitOptions.IdempotencyKey,
                RequestHash: submitOptions.IdempotencyKey is null ? null : RequestHash(experiment, submitOptions),
                KeysIssuedSince: now - engineOptions.IdempotencyKeyLifetime,
                StoredBytes: Encoding.UTF8.GetByteCount(specJson) + circuitBytes.Length) { EstimatedCostUsd = estimate },
            new AdmissionLimits(tenant.MaxQueuedRuns, tenant.ShotsPerDay, dayStart, tenant.MaxStoredBytes)
            {
                BudgetPerDay = tenant.BudgetPerDay, BudgetPerMonth = tenant.BudgetPerMonth,
                MonthStart = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero),
            },
            cancellationToken);
        admitting.End("qxm.admit", created.Status.ToString());

        switch (created.Status)
        {
            case CreateStatus.Duplicate:
                return new SubmitOutcome(created.Run, [], Replayed: true);
            case CreateStatus.IdempotencyKeyReused:
                return new SubmitOutcome(null, [new Diagnostic("idempotency.key-reused",
                    $"idempotency key '{submitOptions.IdempotencyKey}' was used for a different request within the last {engineOptions.IdempotencyKeyLifetime.TotalHours:0.#} h; use a new key for a new submission")],
                    Refusal: SubmitRefusal.IdempotencyKeyReused);
            case CreateStatus.StoredBytesQuotaExceeded:
                return new SubmitOutcome(null, [new Diagnostic("quota.stored-bytes",
                    $"tenant '{tenant.Id}''s runs already store close to its {tenant.MaxStoredBytes:N0} bytes; this run's {Encoding.UTF8.GetByteCount(specJson) + circuitBytes.Length:N0} bytes do not fit")],
                    Refusal: SubmitRefusal.QuotaExceeded);
            case CreateStatus.QueueFull:
                return new SubmitOutcome(null, [new Diagnostic("quota.queue-full",
                    $"tenant '{tenant.Id}' already has {tenant.MaxQueuedRuns} runs queued, its limit; retry when some have started")], QueueFullRetryAfter);
            case CreateStatus.BudgetExceeded:
                // Refused before anything reaches a vendor; a new day or month, or a higher budget, lets it through.
                return new SubmitOutcome(null, [new Diagnostic("quota.budget", string.Create(CultureInfo.InvariantCulture,
                    $"this run's estimated ${estimate:0.00####} would take tenant '{tenant.Id}' past its budget ({Budgets(tenant)}, counting its runs' actual costs where known, else their estimates)"))],
                    Refusal: SubmitRefusal.QuotaExceeded);
            case CreateStatus.ShotQuotaExceeded:
                return new SubmitOutcome(null, [new Diagnostic("quota.shots-per-day",
                    $"this run's {(long)run.Shots * run.SweepPoints} shots would exceed tenant '{tenant.Id}''s {tenant.ShotsPerDay} shots per day")],
                    dayStart.AddDays(1) - now);
        }

        onQueued();
        return new SubmitOutcome(run, problems);
    }

    /// <summary>Keeps a refused experiment whose circuit parsed as a Rejected run with its diagnostics: never queued, never
    /// counted against the tenant's limits, and without the idempotency key, so the corrected experiment can reuse it.</summary>
    /// <remarks>Nothing of what was sent is stored beyond a bounded record: no circuit artifact, and an experiment
    /// version row without its spec (<see cref="RejectedSpecJson"/>; a later valid version of the same fingerprint fills it in).</remarks>
    private async Task<string> RejectAsync(
        ExperimentDefinition experiment, SubmitOptions options, Tenant tenant, string backend, ExperimentSpec spec, Circuit parsed,
        IReadOnlyList<Diagnostic> problems, string traceParent, CancellationToken cancellationToken)
    {
        var fingerprint = Fingerprint.Compute(parsed, spec);
        var now = time.GetUtcNow();
        problems = [.. problems.Take(MaxKeptDiagnostics).Select(d => d.Message.Length > MaxKeptMessage ? d with { Message = d.Message[..MaxKeptMessage] + "..." } : d)];
        var first = problems.First(d => d.IsError);
        var run = new Run
        {
            Id = NewRunId(now),
            Name = experiment.Name,
            Fingerprint = fingerprint,
            Backend = backend,
            Shots = experiment.Shots,
            SweepPoints = spec.SweepPoints().Count,
            State = RunState.Rejected,
            CreatedAt = now,
            UpdatedAt = now,
            Priority = experiment.Priority,
            Seed = experiment.Seed,
            Tags = experiment.Tags,
            Tenant = tenant.Id,
            Error = first.ToString(),
            Diagnostics = problems,
            TraceParent = traceParent,
        };
        var version = new ExperimentVersion(fingerprint, experiment.Name, RejectedSpecJson, CircuitArtifact: "", now);
        await runs.CreateAsync(
            new NewRun(run, version, [new RunTransition(RunState.Submitted, RunState.Rejected, now, options.Actor, first.Rule)]),
            AdmissionLimits.None,
            cancellationToken);
        return run.Id;
    }

    /// <summary>The spec a Rejected run's experiment version row holds in place of the refused document.</summary>
    private const string RejectedSpecJson = "{\"rejected\":true}";

    /// <summary>The hash an idempotency key is stored with: the experiment as parsed (so JSON and YAML spellings of one
    /// experiment are one request) and the tenant.</summary>
    private static string RequestHash(ExperimentDefinition experiment, SubmitOptions submitOptions)
    {
        var canonical = JsonSerializer.SerializeToUtf8Bytes(new RequestHashInput(submitOptions.Tenant, experiment), SpecJson.Options);
        return Convert.ToHexStringLower(SHA256.HashData(canonical));
    }

    /// <summary>Sweep points without expanding them: what the shots-per-run limit multiplies.</summary>
    private static long PointCount(ExperimentDefinition experiment) =>
        experiment.Parameters.Count == 0 ? 1
        : experiment.Sweep == SweepMode.Zip ? experiment.Parameters.Max(a => (long)a.Values.Count)
        : experiment.Parameters.Aggregate(1L, (n, a) => n > long.MaxValue / Math.Max(1, a.Values.Count) ? long.MaxValue : n * a.Values.Count);

    /// <summary>Everything submission checks, without storing anything.</summary>
    public async Task<ValidationOutcome> ValidateAsync(ExperimentDefinition experiment, SubmitOptions options, CancellationToken cancellationToken)
    {
        var result = await CheckAsync(experiment, options, cancellationToken);
        var outcome = new ValidationOutcome(result.Backend?.Info.Id, result.Diagnostics);
        return outcome.Valid && result is { Backend: { } backend, Prepared: { } prepared }
            ? outcome with { EstimatedCostUsd = RunCostEstimate.Of(backend, prepared.BoundCircuits, experiment.Shots), Pricing = RunCostEstimate.Pricing(backend) }
            : outcome;
    }

    /// <summary>Every backend weighed for the experiment, eligible ones first, each with its queue.</summary>
    public async Task<IReadOnlyList<BackendCandidate>> MatchAsync(ExperimentDefinition experiment, SubmitOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(options);
        var spec = SpecFor(experiment, options);
        var circuit = ParsedPrograms.Shared.Parse(spec.CircuitSource, spec.CircuitOrigin, spec.Includes).Circuit;
        tenants.TryGet(options.Tenant, out var tenant);
        var candidates = await WeighAsync(experiment.Requirements, circuit, spec, tenant, cancellationToken);
        return [.. candidates.OrderBy(c => !c.Eligible).ThenBy(c => c.QueuedRuns).ThenBy(c => c.Backend.Id, StringComparer.Ordinal)];
    }

    private async Task<CheckedExperiment> CheckAsync(ExperimentDefinition experiment, SubmitOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(options);
        var spec = SpecFor(experiment, options);
        if (!tenants.TryGet(options.Tenant, out var tenant))
        {
            return new CheckedExperiment(null, null, spec, null, [new Diagnostic("tenant.unknown", $"unknown tenant '{options.Tenant}'")]);
        }

        // Before the circuit is parsed or any point bound: the limit bounds that work too.
        var maxShots = tenant.MaxShotsPerRun ?? engineOptions.MaxShotsPerRun;
        var points = PointCount(experiment);
        if (points > maxShots / Math.Max(1, experiment.Shots))
        {
            return new CheckedExperiment(tenant, null, spec, null, [new Diagnostic("quota.shots-per-run",
                $"{experiment.Shots:N0} shots x {points:N0} sweep points is more than the {maxShots:N0} shots one run of tenant '{tenant.Id}' may take; split the sweep or lower shots",
                Path: "shots")]);
        }

        IBackend? backend;
        if (experiment.Backend == ExperimentDefinition.AnyBackend)
        {
            var parsed = ParsedPrograms.Shared.Parse(spec.CircuitSource, spec.CircuitOrigin, spec.Includes);

            // A durationof of gates or an extern call is completed by each candidate's own target: its check reads the program for it.
            if (parsed.Circuit is null && !parsed.NeedsBackend)
            {
                return new CheckedExperiment(tenant, null, spec, null, parsed.Diagnostics);
            }

            var candidates = await WeighAsync(experiment.Requirements, parsed.Circuit, spec, tenant, cancellationToken);
            var chosen = candidates.Where(c => c.Eligible)
                .OrderBy(c => c.QueuedRuns).ThenBy(c => c.Backend.CostPerShot).ThenBy(c => c.Backend.Id, StringComparer.Ordinal)
                .FirstOrDefault();
            if (chosen is null)
            {
                var reasons = string.Join("; ", candidates.Select(c => $"{c.Backend.Id}: {string.Join(", ", c.Exclusions)}"));
                return new CheckedExperiment(tenant, null, spec, null,
                    [new Diagnostic("experiment.no-eligible-backend", $"no backend meets the requirements ({reasons}); relax the requirements or name a backend", Path: "requirements")]);
            }

            backends.TryGet(chosen.Backend.Id, out backend);
        }
        else if (!backends.TryGet(experiment.Backend, out backend))
        {
            var known = string.Join(", ", backends.All.Select(b => b.Info.Id));
            return new CheckedExperiment(tenant, null, spec, null,
                [new Diagnostic("experiment.unknown-backend", $"unknown backend '{experiment.Backend}' (known: {known})", Path: "backend")]);
        }

        if (!tenant.MayUse(backend.Info.Id))
        {
            return new CheckedExperiment(tenant, null, spec, null, [new Diagnostic(
                "tenant.backend-not-allowed", $"tenant '{tenant.Id}' may not use backend '{backend.Info.Id}' (allowed: {string.Join(", ", tenant.AllowedBackends)})", Path: "backend")]);
        }

        foreach (var alternative in experiment.Failover ?? [])
        {
            // Alternatives are checked against their targets when the run fails over; here only that they may be used.
            if (!backends.TryGet(alternative, out _) || !tenant.MayUse(alternative) || alternative == backend.Info.Id)
            {
                return new CheckedExperiment(tenant, null, spec, null, [new Diagnostic("experiment.bad-failover",
                    $"failover backend '{alternative}' is unknown, not allowed for tenant '{tenant.Id}', or the run's own backend", Path: "failover")]);
            }
        }

        spec = spec with { Backend = backend.Info.Id };
        var (parsedCircuit, prepared, diagnostics) = TargetCheck.Run(spec, backend.Info);
        if (experiment.Backend != ExperimentDefinition.AnyBackend && experiment.Requirements is { } requirements)
        {
            // A named backend must still meet the stated requirements; the circuit itself was checked above.
            var unmet = BackendMatcher.Exclusions(requirements, null, backend.Info, _ => []);
            diagnostics = [.. diagnostics, .. unmet.Select(r => new Diagnostic(
                "experiment.requirements-not-met", $"backend '{backend.Info.Id}' does not meet the requirements: {r}", Path: "requirements"))];
        }

        return new CheckedExperiment(tenant, backend, spec, diagnostics.Any(d => d.IsError) ? null : prepared, diagnostics, parsedCircuit);
    }

    private async Task<IReadOnlyList<BackendCandidate>> WeighAsync(
        BackendRequirements? requirements, Circuit? circuit, ExperimentSpec spec, Tenant? tenant, CancellationToken cancellationToken)
    {
        var candidates = new List<BackendCandidate>();
        foreach (var backend in backends.All)
        {
            var info = backend.Info;
            // A noisy simulator models one device's errors: it is chosen on purpose, by name, never by matching.
            IReadOnlyList<string> exclusions = info.Kind == NoisySimulatorKind
                ? ["a noisy simulator runs only when named"]
                : tenant is not null && !tenant.MayUse(info.Id)
                    ? [$"tenant '{tenant.Id}' may not use it"]
                    : BackendMatcher.Exclusions(requirements, circuit, info, b => TargetCheck.Run(spec with { Backend = b.Id }, b).Diagnostics);
            var queued = await runs.ListAsync(new RunQuery(RunState.Queued, info.Id, MaxQueueProbe), cancellationToken);
            candidates.Add(new BackendCandidate(info, exclusions, queued.Count));
        }

        return candidates;
    }

    private static ExperimentSpec SpecFor(ExperimentDefinition experiment, SubmitOptions options)
    {
        var includes = new Dictionary<string, string>(options.Includes ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        var spec = ExperimentSpec.From(experiment, includes);

        // Read user includes now, so the stored spec is self-contained.
        return options.Includes is null && options.BaseDirectory is not null
            ? spec with { Includes = ReadIncludes(spec, options.BaseDirectory) }
            : spec;
    }

    /// <summary>Run ids sort by creation time (a UUIDv7) and read as qxm's: <c>r-</c> and 32 hex digits.</summary>
    private static string NewRunId(DateTimeOffset now) => "r-" + Guid.CreateVersion7(now).ToString("N");

    private static ulong RandomSeed() => BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)) >> 1;

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
