using System.Globalization;
using Qxm.Domain.Experiments;
using Qxm.Domain.Loops;
using Qxm.Domain.Runs;
using Qxm.Engine.Api;
using Qxm.Engine.Observables;
using Qxm.Engine.Persistence;

namespace Qxm.Engine.Loops;

/// <summary>Runs an optimizer loop: asks the optimizer for a point, submits the experiment with the optimised inputs set
/// there (one run per evaluation, tagged with the loop, under an idempotency key of the loop and the evaluation's index),
/// waits for it, reads the objective and stores the evaluation before telling the optimizer. Resuming replays the stored
/// evaluations into a fresh optimizer, which (deterministic given what it is told) stands exactly where the interrupted
/// one stood; a run submitted but not yet recorded is found again by its key, never submitted twice. Budgets (iterations,
/// shots, time, money) are checked before each run.</summary>
public sealed class LoopDriver(IRunService runs, ILoopStore loops, Func<string, CancellationToken, Task<Run>> waitForRun, TimeProvider time)
{
    /// <summary>Tag on every run of a loop: <c>loop:&lt;id&gt;</c>.</summary>
    public const string TagPrefix = "loop:";

    /// <summary>Called with each evaluation's loop latency: the time from reading the previous evaluation's result to
    /// reading this one's, less the backend's execution time (store, optimizer, submission, queue, dispatch and ingest).</summary>
    public Action<TimeSpan>? Latency { get; init; }

    /// <summary>Computes the objective of loops whose objective is the post hook; null where no hook may run, which
    /// fails such a loop at its first evaluation.</summary>
    public Hooks.ObjectiveHook? ObjectiveHook { get; init; }

    /// <summary>Called after each stored evaluation (for progress output and the event stream).</summary>
    public Action<LoopRecord, LoopEvaluation>? Progress { get; init; }

    /// <summary>For crash tests (a setting or environment variable of the process driving loops): once the evaluation with
    /// this index is stored, the loop makes no more progress, so a test kills the process at a known point instead of
    /// racing a loop that may end first.</summary>
    public const string HoldAfterEvaluationSetting = "QXM_HOLD_AFTER_EVALUATION";

    /// <summary>The hold <see cref="HoldAfterEvaluationSetting"/> asks for, as a progress step: it blocks the driving
    /// thread for good after that evaluation; nothing when the setting is absent or not an index.</summary>
    public static Action<LoopRecord, LoopEvaluation>? HoldAfterEvaluation(string? setting) =>
        int.TryParse(setting, NumberStyles.None, CultureInfo.InvariantCulture, out var hold)
            ? (_, evaluation) =>
            {
                if (evaluation.Index == hold)
                {
                    Thread.Sleep(Timeout.Infinite);
                }
            }
            : null;

    /// <summary>Waits for a run that workers in this process execute, by reading it: every millisecond for the first 200
    /// reads, since a simulated evaluation takes a few (doubling from the start overshot a 5 ms run to 15 ms), then
    /// backing off to <paramref name="longest"/>. With <paramref name="endings"/> (the process's own workers announce the
    /// runs they end) it reads the run when it is told the run ended, and polls only for runs ended elsewhere, every
    /// <see cref="EndingsPoll"/> at first.</summary>
    public static Func<string, CancellationToken, Task<Run>> PollingWait(IRunService runs, TimeSpan longest, Dispatch.RunEndings? endings = null) =>
        async (runId, cancellationToken) =>
        {
            var interval = endings is null ? TimeSpan.FromMilliseconds(1) : Min(EndingsPoll, longest);
            try
            {
                for (var polls = 0; ; polls++)
                {
                    var ended = endings?.Watch(runId);
                    var run = await runs.GetAsync(runId, cancellationToken)
                        ?? throw new Domain.Errors.QxmException($"run '{runId}' disappeared while its loop waited for it");
                    if (RunLifecycle.IsTerminal(run.State))
                    {
                        return run;
                    }

                    if (ended is null)
                    {
                        await Task.Delay(interval, cancellationToken);
                    }
                    else
                    {
                        // Wakes at the run's end, at the interval or on cancellation, without a token source and timer a poll.
                        await ended.WaitAsync(interval, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                        cancellationToken.ThrowIfCancellationRequested();
                    }

                    if (polls >= 200)
                    {
                        interval = Min(TimeSpan.FromTicks(interval.Ticks * 2), longest);
                    }
                }
            }
            finally
            {
                endings?.Forget(runId);
            }
        };

    /// <summary>How often a wait told of this process's run endings reads the run anyway: for a run executed or cancelled
    /// elsewhere, which no one here announces.</summary>
    public static readonly TimeSpan EndingsPoll = TimeSpan.FromMilliseconds(5);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    public async Task<LoopRecord> CreateAsync(ExperimentDefinition experiment, string tenant, string? baseDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        if (experiment.Optimize is null)
        {
            throw new Domain.Errors.QxmException($"experiment '{experiment.Name}' is not kind: optimize");
        }

        var now = time.GetUtcNow();
        var loop = new LoopRecord("loop-" + Guid.NewGuid().ToString("N")[..16], tenant, experiment, LoopState.Running, now, now)
        {
            BaseDirectory = baseDirectory,
        };
        await loops.CreateLoopAsync(loop, cancellationToken);
        return loop;
    }

    /// <summary>Drives the loop from where its stored evaluations leave it until it converges, a budget stops it or a run
    /// fails; a loop that has already ended is returned as it is.</summary>
    public async Task<LoopRecord> DriveAsync(string loopId, CancellationToken cancellationToken)
    {
        var loop = await loops.GetLoopAsync(loopId, cancellationToken) ?? throw new Domain.Errors.QxmException($"no loop '{loopId}'");
        if (loop.State != LoopState.Running)
        {
            return loop;
        }

        var settings = loop.Settings;
        var stored = await loops.ListEvaluationsAsync(loopId, cancellationToken);
        var optimizer = Optimizer.For(settings);
        var scales = loop.Experiment.Mitigation == Domain.Observables.MitigationMethod.Zne ? (loop.Experiment.Zne ?? Domain.Observables.ZneSettings.Default).ScaleFactors.Count : 1;
        var shotsPerRun = (long)loop.Experiment.Shots * MeasurementPlan.BasisCount(loop.Experiment.Observables) * scales;
        var price = await PriceAsync(loop.Experiment.Backend, cancellationToken);
        long shots = stored.Sum(e => e.Shots);
        double? best = null;
        IReadOnlyList<double> bestAt = [];
        var index = 0;
        long? lastResult = null;
        // The previous evaluation's store, still committing while the next run is prepared and submitted: the store
        // queued it first, so the next run never becomes durable without it. Awaited before anything else is stored.
        Task appending = Task.CompletedTask;
        foreach (var point in optimizer.Points())
        {
            LoopEvaluation evaluation;
            if (index < stored.Count)
            {
                evaluation = stored[index];
                if (!evaluation.Parameters.SequenceEqual(point))
                {
                    return await FinishAsync(loop, LoopState.Failed,
                        $"stored evaluation {index} was at other parameters than the optimizer asks for on replay; the loop's settings or qxm's optimizer changed", cancellationToken);
                }
            }
            else
            {
                if (Exhausted(loop, settings, index, shots, shotsPerRun, price) is { } reason)
                {
                    await appending;
                    return await FinishAsync(loop, LoopState.Stopped, reason, cancellationToken);
                }

                var (measured, failure, measuredSeconds) = await EvaluateAsync(loop, index, point, cancellationToken);
                await appending;
                if (measured is null)
                {
                    return await FinishAsync(loop, LoopState.Failed, failure!, cancellationToken);
                }

                evaluation = measured;
                shots += evaluation.Shots;
                var read = time.GetTimestamp();
                if (lastResult is { } previous && Latency is { } latency)
                {
                    latency(time.GetElapsedTime(previous, read) - TimeSpan.FromSeconds(measuredSeconds));
                }

                lastResult = read;
            }

            if (best is null || (settings.Maximize ? evaluation.Value > best : evaluation.Value < best))
            {
                (best, bestAt) = (evaluation.Value, evaluation.Parameters);
            }

            if (index >= stored.Count)
            {
                appending = AppendAsync(loop with { Evaluations = index + 1, BestValue = best, BestParameters = bestAt }, evaluation, cancellationToken);
            }

            optimizer.Tell(settings.Maximize ? -evaluation.Value : evaluation.Value);
            index++;
        }

        await appending;
        return await FinishAsync(loop, LoopState.Converged,
            string.Create(CultureInfo.InvariantCulture, $"converged after {index} evaluations (tolerance {settings.Tolerance})"), cancellationToken);
    }

    /// <summary>Stores the evaluation (the loop's best as of it), then reports it.</summary>
    private async Task AppendAsync(LoopRecord loop, LoopEvaluation evaluation, CancellationToken cancellationToken)
    {
        await loops.AppendEvaluationAsync(loop.Id, evaluation, loop.BestValue!.Value, loop.BestParameters!, cancellationToken);
        Progress?.Invoke(loop, evaluation);
    }

    private string? Exhausted(LoopRecord loop, OptimizeSettings settings, int index, long shots, long shotsPerRun, decimal price)
    {
        if (index >= settings.MaxIterations)
        {
            return $"maxIterations reached ({settings.MaxIterations} evaluations)";
        }

        if (settings.MaxShots is { } maxShots && shots + shotsPerRun > maxShots)
        {
            return $"maxShots: the next run's {shotsPerRun} shots would pass the budget of {maxShots} ({shots} used)";
        }

        if (settings.MaxSeconds is { } maxSeconds && (time.GetUtcNow() - loop.CreatedAt).TotalSeconds >= maxSeconds)
        {
            return string.Create(CultureInfo.InvariantCulture, $"maxSeconds: {maxSeconds} s since the loop started have passed");
        }

        if (settings.MaxCost is { } maxCost && price * (shots + shotsPerRun) > maxCost)
        {
            return string.Create(CultureInfo.InvariantCulture, $"maxCost: the next run would bring the cost to {price * (shots + shotsPerRun)}, past {maxCost}");
        }

        return null;
    }

    private async Task<(LoopEvaluation? Evaluation, string? Failure, double ExecutionSeconds)> EvaluateAsync(LoopRecord loop, int index, double[] point, CancellationToken cancellationToken)
    {
        var settings = loop.Settings;
        var experiment = loop.Experiment with
        {
            Optimize = null,
            Parameters = [.. loop.Experiment.Parameters, .. settings.Initial.Select((p, i) => new ParameterAxis(p.Key, [point[i]]))],
            Seed = unchecked((loop.Experiment.Seed ?? settings.Seed) + (ulong)index),
            Tags = [.. loop.Experiment.Tags, TagPrefix + loop.Id],
        };
        var options = new SubmitOptions(Actor: "loop", BaseDirectory: loop.BaseDirectory, Tenant: loop.Tenant, IdempotencyKey: $"{loop.Id}-{index}");
        var submitted = await runs.SubmitAsync(experiment, options, cancellationToken);
        // Admission control pushing back (the tenant's queue is full) is a wait, not a failure of the loop.
        while (submitted.Run is null && submitted.RetryAfter is { } retryAfter)
        {
            await Task.Delay(retryAfter, time, cancellationToken);
            submitted = await runs.SubmitAsync(experiment, options, cancellationToken);
        }

        if (submitted.Run is null)
        {
            return (null, $"evaluation {index} was refused: " + string.Join("; ", submitted.Diagnostics.Where(d => d.IsError)), 0);
        }

        var run = await waitForRun(submitted.Run.Id, cancellationToken);
        var result = run.State == RunState.Succeeded ? await runs.GetResultAsync(run.Id, cancellationToken) : null;
        if (result is null)
        {
            return (null, $"run {run.Id} of evaluation {index} {run.State.ToString().ToLowerInvariant()}" + (run.Error is null ? "" : ": " + run.Error), 0);
        }

        var shots = (long)result.Shots * result.Points.Sum(p => p.Bases?.Count ?? 1);
        if (settings.HasPostHookObjective())
        {
            // Read only for evaluations not yet stored: a resumed loop replays stored values and never asks the hook again.
            if (ObjectiveHook is null || loop.Experiment.Hooks?.Post is not { } hook)
            {
                return (null, Hooks.ObjectiveHook.NotAllowed("is the objective, but this process runs no hooks", index, run.Id), 0);
            }

            var reading = await ObjectiveHook.ReadAsync(loop, index, hook, result, cancellationToken);
            return reading.Failure is { } failure
                ? (null, failure, 0)
                : (new LoopEvaluation(index, run.Id, point, reading.Value, reading.StandardError, shots, time.GetUtcNow()) { ObjectiveArtifact = reading.Artifact },
                    null, result.SimulationSeconds);
        }

        var objective = result.Points[0].Observables?.FirstOrDefault(o => o.Name == settings.Objective);
        if (objective is null)
        {
            return (null, $"run {run.Id} has no value for the objective '{settings.Objective}'", 0);
        }

        return (new LoopEvaluation(index, run.Id, point, objective.Value, objective.StandardError, shots, time.GetUtcNow()), null, result.SimulationSeconds);
    }

    private async Task<decimal> PriceAsync(string backend, CancellationToken cancellationToken) =>
        (await runs.ListBackendsAsync(cancellationToken)).FirstOrDefault(b => b.Id == backend)?.CostPerShot ?? 0;

    private async Task<LoopRecord> FinishAsync(LoopRecord loop, LoopState state, string reason, CancellationToken cancellationToken)
    {
        await loops.FinishLoopAsync(loop.Id, state, reason, time.GetUtcNow(), cancellationToken);
        return await loops.GetLoopAsync(loop.Id, cancellationToken) ?? loop;
    }
}
