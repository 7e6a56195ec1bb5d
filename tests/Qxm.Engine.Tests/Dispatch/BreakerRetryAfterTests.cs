using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Qxm.Backends.Contract;
using Qxm.Backends.Registry;
using Qxm.Engine.Resilience;

namespace Qxm.Engine.Tests.Dispatch;

/// <summary>A call refused by the circuit breaker says when to come back, and that is never "now": a run that retried at
/// once while another call probed the backend spun in a loop that recorded millions of attempts.</summary>
public sealed class BreakerRetryAfterTests
{
    [Fact]
    public async Task RefusedWhileAProbeIsInFlight_GivesNoZeroRetryAfter()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        var options = new ResilienceOptions
        {
            MaxRetries = 0, BreakerMinimumThroughput = 2, BreakerFailureRatio = 0.5, BreakDuration = TimeSpan.FromSeconds(5),
            AttemptTimeout = TimeSpan.FromMinutes(10),
        };
        using var pipelines = new BackendPipelines(options, new BackendHealthBoard(clock), clock, NullLogger.Instance);
        Assert.True(BackendRegistry.CreateDefault().TryGet("sim.statevector", out var backend));
        var failures = new List<BackendFailure>();
        ValueTask Record(BackendFailure failure)
        {
            lock (failures)
            {
                failures.Add(failure);
            }

            return ValueTask.CompletedTask;
        }

        Task<int> Call(Func<CancellationToken, Task<int>> call) => pipelines.ExecuteAsync(backend, call, Record, default);
        static Task<int> Down(CancellationToken _) => throw new BackendException(BackendErrorKind.DeviceUnavailable, "down");

        await Assert.ThrowsAsync<BackendCallException>(() => Call(Down));
        await Assert.ThrowsAsync<BackendCallException>(() => Call(Down));
        var open = await Assert.ThrowsAsync<BackendCallException>(() => Call(Down));
        Assert.StartsWith("circuit open", open.Failure.Message, StringComparison.Ordinal);
        Assert.True(open.Failure.RetryAfter > TimeSpan.Zero, $"open: {open.Failure.RetryAfter}");

        // At the very instant the break ends (virtual time lands exactly there), the answer is not "come back now".
        clock.Advance(TimeSpan.FromSeconds(5));
        var atTheEdge = await Assert.ThrowsAsync<BackendCallException>(() => Call(Down));
        Assert.True(atTheEdge.Failure.RetryAfter is null || atTheEdge.Failure.RetryAfter > TimeSpan.Zero, $"at the edge: {atTheEdge.Failure.RetryAfter}");

        // The break ends; one call probes and hangs; the next is refused while the breaker is half-open.
        clock.Advance(TimeSpan.FromSeconds(6));
        var answer = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var probe = Call(_ => answer.Task);
        var refused = await Assert.ThrowsAsync<BackendCallException>(() => Call(_ => Task.FromResult(1)));

        Assert.StartsWith("circuit open", refused.Failure.Message, StringComparison.Ordinal);
        Assert.True(refused.Failure.RetryAfter is null || refused.Failure.RetryAfter > TimeSpan.Zero, $"half-open: {refused.Failure.RetryAfter}");

        // The probe outlasts the break it was let through in: the breaker still waits for it, and still says "later".
        foreach (var wait in new[] { 5, 1, 30 })
        {
            clock.Advance(TimeSpan.FromSeconds(wait));
            var stillProbing = await Assert.ThrowsAsync<BackendCallException>(() => Call(_ => Task.FromResult(1)));
            Assert.StartsWith("circuit open", stillProbing.Failure.Message, StringComparison.Ordinal);
            Assert.True(stillProbing.Failure.RetryAfter is null || stillProbing.Failure.RetryAfter > TimeSpan.Zero, $"probe outlasting the break: {stillProbing.Failure.RetryAfter}");
        }

        answer.SetResult(7);
        Assert.Equal(7, await probe);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void BackendAskingToRetryAtOnceOrInThePast_LeavesTheWaitToTheBackoff(int seconds)
    {
        var failure = BackendFailures.Classify(new BackendException(BackendErrorKind.RateLimited, "slow down", TimeSpan.FromSeconds(seconds)));

        Assert.NotNull(failure);
        Assert.Null(failure.RetryAfter);
    }
}
