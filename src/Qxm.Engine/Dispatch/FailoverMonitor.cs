using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Qxm.Backends.Registry;
using Qxm.Domain.Runs;
using Qxm.Engine.Diagnostics;
using Qxm.Engine.Persistence;
using Qxm.Engine.Resilience;
using Qxm.Engine.Submission;

namespace Qxm.Engine.Dispatch;

/// <summary>Moves queued runs off a backend that has been unavailable past <see cref="EngineOptions.FailoverAfter"/> to
/// their next approved alternative, once the experiment validates against that alternative's target. Workers call
/// <see cref="CheckAsync"/> on their periodic pass; one of them checks per idle-poll period. Instances sharing a store
/// may each decide to move a run: the move is a compare-and-set on the run's backend, so it happens once.</summary>
internal sealed partial class FailoverMonitor(
    IRunFailovers failovers,
    IRunStore runs,
    IBackendRegistry backends,
    BackendHealthBoard health,
    EngineOptions options,
    TimeProvider time,
    Action moved,
    ILogger logger)
{
    /// <summary>The actor of failovers on the record.</summary>
    public const string Actor = "failover";

    /// <summary>Runs moved per backend and check: the rest wait for the next period.</summary>
    private const int Batch = 200;

    private long _nextCheck;

    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = Interlocked.Read(ref _nextCheck);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextCheck, (now + options.IdlePoll).UtcTicks, due) != due)
        {
            return;
        }

        foreach (var backend in backends.All)
        {
            var id = backend.Info.Id;
            if (health.DownSince(id) is not { } since || now - since < options.FailoverAfter)
            {
                continue;
            }

            var why = health.Get(id).Reason ?? "calls failed";
            var reason = string.Create(CultureInfo.InvariantCulture, $"{id} unavailable for {(now - since).TotalSeconds:0} s ({why})");
            foreach (var candidate in await failovers.ListFailoverCandidatesAsync(id, Batch, cancellationToken))
            {
                await TryMoveAsync(candidate, id, reason, cancellationToken);
            }
        }
    }

    /// <summary>Whether the run's backend has been out past the failover threshold and the run has an alternative left.</summary>
    public async Task<bool> ShouldFailOverAsync(Run run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        return health.DownSince(run.Backend) is { } since && time.GetUtcNow() - since >= options.FailoverAfter
            && await failovers.GetFailoverAsync(run.Id, cancellationToken) is { } failover && failover.Tried < failover.Alternatives.Count;
    }

    /// <summary>A run whose backend call failed because the backend is unavailable, with an alternative left that its
    /// experiment validates against, goes back to the queue on that alternative instead of failing; false otherwise.</summary>
    public async Task<bool> FailOverFailedAsync(Run run, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (await failovers.GetFailoverAsync(run.Id, cancellationToken) is not { } failover || failover.Tried >= failover.Alternatives.Count)
        {
            return false;
        }

        var candidate = new FailoverCandidate(run.Id, run.Tenant, run.Fingerprint, failover.Alternatives, failover.Tried);
        if (await ChooseAsync(candidate, cancellationToken) is not { } chosen
            || !await runs.TransitionAsync(run.Id, RunState.Running, RunState.Queued, Actor, "failing over: " + reason, cancellationToken))
        {
            return false;
        }

        await MoveAsync(run.Id, run.Backend, chosen, reason, cancellationToken);
        return true;
    }

    private async Task TryMoveAsync(FailoverCandidate candidate, string from, string reason, CancellationToken cancellationToken)
    {
        if (await ChooseAsync(candidate, cancellationToken) is { } chosen)
        {
            await MoveAsync(candidate.RunId, from, chosen, reason, cancellationToken);
        }
    }

    private async Task MoveAsync(string runId, string from, (int Index, string Backend) chosen, string reason, CancellationToken cancellationToken)
    {
        if (await failovers.FailOverAsync(runId, from, chosen.Backend, chosen.Index, reason, time.GetUtcNow(), cancellationToken))
        {
            LogFailedOver(logger, runId, from, chosen.Backend, reason);
            QxmTelemetry.Backends.FailedOver.Add(1, new(QxmTelemetry.Labels.Backend, from), new("target", chosen.Backend));
            moved();
        }
    }

    /// <summary>The first alternative left that is in service here and that the experiment validates against; those it
    /// does not validate against are skipped for good.</summary>
    private async Task<(int Index, string Backend)?> ChooseAsync(FailoverCandidate candidate, CancellationToken cancellationToken)
    {
        var experiment = await runs.GetExperimentAsync(candidate.Fingerprint, cancellationToken);
        var spec = experiment is null ? null : JsonSerializer.Deserialize<ExperimentSpec>(experiment.SpecJson, SpecJson.Options);
        for (var index = candidate.Tried; index < candidate.Alternatives.Count; index++)
        {
            var alternative = candidate.Alternatives[index];
            if (health.DownSince(alternative) is not null)
            {
                // Out of service too: the next one may do; this one stays for a later failover.
                continue;
            }

            var problems = !backends.TryGet(alternative, out var target) ? [$"backend '{alternative}' is not available in this instance"]
                : spec is null ? ["its stored experiment does not read"]
                : TargetCheck.Run(spec with { Backend = alternative }, target.Info).Diagnostics.Where(d => d.IsError).Select(d => d.ToString()).ToList();
            if (problems.Count > 0)
            {
                LogAlternativeRefused(logger, candidate.RunId, alternative, string.Join("; ", problems));
                await failovers.SkipAlternativeAsync(candidate.RunId, index, cancellationToken);
                continue;
            }

            return (index, alternative);
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "run {RunId} failed over from {From} to {To}: {Reason}")]
    private static partial void LogFailedOver(ILogger logger, string runId, string from, string to, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "run {RunId} cannot fail over to {Alternative}: {Problems}")]
    private static partial void LogAlternativeRefused(ILogger logger, string runId, string alternative, string problems);
}
