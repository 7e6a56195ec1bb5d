using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Qxm.Backends.Contract;
using Qxm.Domain.Backends;
using Qxm.Engine.Diagnostics;

namespace Qxm.Engine.Resilience;

/// <summary>One Polly pipeline per backend, acting on the error taxonomy only: retries (decorrelated jitter for
/// transient failures, the backend's Retry-After when it gives one, one credential refresh on an expired token), a
/// circuit breaker whose state the health board shows, a rate limiter from the backend's declared limit, and a timeout
/// per attempt. Every failed attempt is handed to the caller's recorder before the next one starts.</summary>
internal sealed partial class BackendPipelines(ResilienceOptions options, BackendHealthBoard health, TimeProvider time, ILogger logger) : IDisposable
{
    private static readonly ResiliencePropertyKey<Func<BackendFailure, ValueTask>> Recorder = new("qxm.recorder");
    private static readonly ResiliencePropertyKey<bool> Refreshed = new("qxm.refreshed");

    private readonly ConcurrentDictionary<string, Lazy<Entry>> _entries = new(StringComparer.Ordinal);

    /// <summary>Calls the backend through its pipeline; a failure that survives the retries is thrown as
    /// <see cref="BackendCallException"/> carrying its classification (already recorded).</summary>
    public async Task<T> ExecuteAsync<T>(IBackend backend, Func<CancellationToken, Task<T>> call, Func<BackendFailure, ValueTask> record, CancellationToken cancellationToken)
    {
        var entry = _entries.GetOrAdd(backend.Info.Id, _ => new Lazy<Entry>(() => Build(backend))).Value;
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(Recorder, record);
        try
        {
            return await entry.Pipeline.ExecuteAsync(static async (ctx, state) => await state(ctx.CancellationToken), context, call);
        }
        catch (Exception e) when (BackendFailures.Classify(e) is { } failure)
        {
            await record(failure);
            throw new BackendCallException(failure, e);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    public void Dispose()
    {
        foreach (var entry in _entries.Values.Where(e => e.IsValueCreated))
        {
            entry.Value.Dispose();
        }
    }

    private Entry Build(IBackend backend)
    {
        var id = backend.Info.Id;
        var builder = new ResiliencePipelineBuilder { Name = id, TimeProvider = time };
        builder.AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = Math.Max(1, options.MaxRetries),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryDelay,
            MaxDelay = options.MaxRetryDelay,
            ShouldHandle = args => ValueTask.FromResult(
                options.MaxRetries > 0
                && BackendFailures.Classify(args.Outcome.Exception) is { IsRetryable: true } failure
                && (failure.Kind != BackendErrorKind.AuthExpired || (backend is ICredentialRefresh && !args.Context.Properties.GetValue(Refreshed, false)))),
            DelayGenerator = args => ValueTask.FromResult(BackendFailures.Classify(args.Outcome.Exception) switch
            {
                { Kind: BackendErrorKind.AuthExpired } => TimeSpan.Zero,
                { RetryAfter: { } after } => after,
                _ => (TimeSpan?)null,
            }),
            OnRetry = async args =>
            {
                var failure = BackendFailures.Classify(args.Outcome.Exception)!;
                QxmTelemetry.Backends.Retries.Add(1, new(QxmTelemetry.Labels.Backend, id), new(QxmTelemetry.Labels.ErrorKind, failure.Kind.ToString()));
                if (args.Context.Properties.TryGetValue(Recorder, out var record))
                {
                    await record(failure);
                }

                if (failure.Kind == BackendErrorKind.AuthExpired && backend is ICredentialRefresh refresh)
                {
                    args.Context.Properties.Set(Refreshed, true);
                    await refresh.RefreshCredentialsAsync(args.Context.CancellationToken);
                }
            },
        });
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            FailureRatio = options.BreakerFailureRatio,
            MinimumThroughput = options.BreakerMinimumThroughput,
            SamplingDuration = options.BreakerSamplingDuration,
            BreakDuration = options.BreakDuration,
            ShouldHandle = args => ValueTask.FromResult(BackendFailures.Classify(args.Outcome.Exception) is { CountsAgainstBackend: true }),
            OnOpened = args =>
            {
                Change(id, BackendAvailability.Unavailable, BackendFailures.Classify(args.Outcome.Exception)?.Message ?? "calls failed");
                return ValueTask.CompletedTask;
            },
            OnHalfOpened = _ =>
            {
                Change(id, BackendAvailability.Degraded, "probing after a break");
                return ValueTask.CompletedTask;
            },
            OnClosed = _ =>
            {
                Change(id, BackendAvailability.Online, null);
                return ValueTask.CompletedTask;
            },
        });
        TokenBucketRateLimiter? limiter = null;
        ITimer? replenisher = null;
        if (backend.Info.RateLimit is { Requests: > 0, PerSeconds: > 0 } limit)
        {
            var period = TimeSpan.FromSeconds(limit.PerSeconds);
            // Replenished by a timer of the injected clock, so the limiter runs in virtual time under test.
            limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = limit.Requests,
                TokensPerPeriod = limit.Requests,
                ReplenishmentPeriod = period,
                AutoReplenishment = false,
                QueueLimit = 10_000,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            });
            var bucket = limiter;
            replenisher = time.CreateTimer(_ => bucket.TryReplenish(), null, period, period);
            builder.AddRateLimiter(limiter);
        }

        builder.AddTimeout(options.AttemptTimeout);
        return new Entry(builder.Build(), limiter, replenisher);
    }

    private void Change(string backend, BackendAvailability state, string? reason)
    {
        BackendGauges.SetBreakerState(backend, state switch
        {
            BackendAvailability.Unavailable => "open",
            BackendAvailability.Degraded => "half_open",
            _ => "closed",
        });
        if (health.Set(backend, state, reason))
        {
            LogBreaker(logger, backend, state, reason ?? "calls succeed again");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "backend {Backend} is now {State}: {Reason}")]
    private static partial void LogBreaker(ILogger logger, string backend, BackendAvailability state, string reason);

    private sealed record Entry(ResiliencePipeline Pipeline, RateLimiter? Limiter, ITimer? Replenisher) : IDisposable
    {
        public void Dispose()
        {
            Replenisher?.Dispose();
            Limiter?.Dispose();
        }
    }
}
