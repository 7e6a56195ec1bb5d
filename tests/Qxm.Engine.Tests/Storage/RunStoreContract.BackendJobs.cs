using Qxm.Domain.Backends;
using Qxm.Domain.Runs;
using Qxm.Engine.Persistence;

namespace Qxm.Engine.Tests.Storage;

/// <summary>The backend-job port: the idempotency key stored before the call, the job id after, the calls on record,
/// the follower's leases and operators' controls, on every store.</summary>
public abstract partial class RunStoreContract
{
    private IBackendJobs Jobs => (IBackendJobs)Runs;

    private IBackendControls Controls => (IBackendControls)Runs;

    [SkippableFact]
    public async Task BackendJob_BegunTwice_KeepsTheFirstKey_ThenTheJobId()
    {
        await CreateQueuedAsync("r-bj");

        var first = await Jobs.BeginAsync("r-bj", "fake.a", "key-1", default);
        var second = await Jobs.BeginAsync("r-bj", "fake.a", "key-1", default);
        await Jobs.RecordJobIdAsync("r-bj", "fake.a", "job-9", default);

        Assert.Equal(first, second);
        Assert.Null(first.JobId);
        Assert.Equal("job-9", (await Jobs.GetJobAsync("r-bj", default))!.JobId);
        Assert.Null(await Jobs.GetJobAsync("r-none", default));
    }

    [SkippableFact]
    public async Task Attempts_AreNumberedInOrder_WithEveryField()
    {
        await CreateQueuedAsync("r-at");
        var at = DateTimeOffset.FromUnixTimeMilliseconds(Clock.GetUtcNow().ToUnixTimeMilliseconds());

        await Jobs.RecordAttemptAsync("r-at", new BackendAttempt(0, at, "submit", "RateLimited", null, "too many requests", Local: true), default);
        await Jobs.RecordAttemptAsync("r-at", new BackendAttempt(0, at, "result", "Transient", "job-1", "bad answer", Artifact: new string('c', 64)), default);

        var attempts = await Jobs.ListAttemptsAsync("r-at", default);
        Assert.Equal(
            [new BackendAttempt(1, at, "submit", "RateLimited", null, "too many requests", true), new BackendAttempt(2, at, "result", "Transient", "job-1", "bad answer", false, new string('c', 64))],
            attempts);
    }

    [SkippableFact]
    public async Task HandOver_MovesTheLease_AndRenewAllRenewsOnlyTheOwnersRunningRuns()
    {
        await CreateQueuedAsync("r-ho");
        await CreateQueuedAsync("r-other");
        await Leases.ClaimAsync("r-ho", "worker", TimeSpan.FromSeconds(5), default);
        await Leases.ClaimAsync("r-other", "worker", TimeSpan.FromSeconds(5), default);

        Assert.True(await Jobs.HandOverAsync("r-ho", "worker", "follower", default));
        Assert.False(await Jobs.HandOverAsync("r-ho", "worker", "follower", default));
        Clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(1, await Jobs.RenewAllAsync("follower", TimeSpan.FromSeconds(5), default));
        Clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(1, await Leases.RequeueExpiredAsync(default));
        Assert.Equal(RunState.Running, (await Runs.GetAsync("r-ho", default))!.State);
        Assert.Equal(RunState.Queued, (await Runs.GetAsync("r-other", default))!.State);
    }

    [SkippableFact]
    public async Task Controls_AreSetReplacedListedAndCleared()
    {
        var since = DateTimeOffset.FromUnixTimeMilliseconds(Clock.GetUtcNow().ToUnixTimeMilliseconds());
        await Controls.SetAsync(new BackendControl("fake.a", BackendControlMode.Held, "calibrating", "ops", since), default);
        await Controls.SetAsync(new BackendControl("fake.a", BackendControlMode.Draining, "maintenance", "ops2", since), default);

        Assert.Equal([new BackendControl("fake.a", BackendControlMode.Draining, "maintenance", "ops2", since)], await Controls.ListAsync(default));
        Assert.True(await Controls.ClearAsync("fake.a", default));
        Assert.False(await Controls.ClearAsync("fake.a", default));
        Assert.Empty(await Controls.ListAsync(default));
    }
}
