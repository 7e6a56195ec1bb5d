using Qxm.Domain.Runs;
using Qxm.Engine.Events;
using Qxm.Engine.Persistence;

namespace Qxm.Engine.Tests.Storage;

/// <summary>The event log every store keeps: each transition an event, numbered in commit order.</summary>
public abstract partial class RunStoreContract
{
    private IEventStore Events => (IEventStore)Runs;

    [SkippableFact]
    public async Task Events_EveryTransition_InOrderWithTenantAndBackend()
    {
        await CreateQueuedAsync("r-1");
        await CreateQueuedAsync("r-2", tenant: "other");
        await Runs.TransitionAsync("r-1", RunState.Queued, RunState.Cancelled, "tester", "no longer needed", default);

        var all = await Events.ReadEventsAsync(0, EventFilter.All, 100, default);

        Assert.Equal(
            [("r-1", "Submitted", "Validated"), ("r-1", "Validated", "Queued"), ("r-2", "Submitted", "Validated"), ("r-2", "Validated", "Queued"), ("r-1", "Queued", "Cancelled")],
            all.Select(e => (e.RunId!, e.From!, e.To!)));
        Assert.True(all.Zip(all.Skip(1)).All(p => p.First.Sequence < p.Second.Sequence));
        Assert.All(all, e => Assert.Equal(QxmEvent.RunStateKind, e.Kind));
        Assert.Equal(("default", "tester", "no longer needed"), (all[^1].Tenant!, all[^1].Actor!, all[^1].Reason!));
        Assert.Equal(all[^1].Sequence, await Events.LatestEventSequenceAsync(default));
        Assert.Equal(3, (await Events.ReadEventsAsync(0, new EventFilter(RunId: "r-1"), 100, default)).Count);
        Assert.Equal(["r-2", "r-2"], (await Events.ReadEventsAsync(0, new EventFilter(Tenant: "other"), 100, default)).Select(e => e.RunId));
        Assert.Equal([all[^1].Sequence], (await Events.ReadEventsAsync(all[^2].Sequence, EventFilter.All, 100, default)).Select(e => e.Sequence));
    }

    [SkippableFact]
    public async Task Events_AppendedAlert_HasNoTenantAndReachesEveryTenantsFilter()
    {
        await CreateQueuedAsync("r-1");

        var sequence = await Events.AppendEventAsync(
            new QxmEvent(0, QxmEvent.AlertKind, Clock.GetUtcNow(), Backend: "fake.x", Reason: "QxmTestAlert firing", Data: "{\"status\":\"firing\"}"), default);

        var seen = await Events.ReadEventsAsync(0, new EventFilter(Tenant: "anyone"), 100, default);
        var alert = Assert.Single(seen);
        Assert.Equal((sequence, QxmEvent.AlertKind, (string?)null, "{\"status\":\"firing\"}"), (alert.Sequence, alert.Kind, alert.Tenant, alert.Data));
    }

    /// <summary>A follower reading while many transactions commit concurrently sees every event exactly once: numbers
    /// are taken in commit order, so none commits behind the follower's cursor.</summary>
    [SkippableFact]
    public async Task Events_FollowerDuringConcurrentWrites_MissesNothing()
    {
        const int Count = 40;
        for (var i = 0; i < Count; i++)
        {
            await CreateQueuedAsync($"r-{i}");
        }

        var start = await Events.LatestEventSequenceAsync(default);
        var followed = new List<long>();
        using var stop = new CancellationTokenSource();
        var follower = Task.Run(async () =>
        {
            var cursor = start;
            while (true)
            {
                // Read the flag before the read: an empty read that began after every write had committed is the end,
                // while one that began before the last commit may simply have missed it.
                var writesDone = stop.IsCancellationRequested;
                var batch = await Events.ReadEventsAsync(cursor, EventFilter.All, 1000, default);
                followed.AddRange(batch.Select(e => e.Sequence));
                cursor = batch.Count > 0 ? batch[^1].Sequence : cursor;
                if (batch.Count == 0 && writesDone)
                {
                    return;
                }
            }
        });

        await Parallel.ForEachAsync(Enumerable.Range(0, Count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            Assert.True(await Runs.TransitionAsync($"r-{i}", RunState.Queued, RunState.Cancelled, "tester", null, default)));
        await stop.CancelAsync();
        await follower;

        var stored = (await Events.ReadEventsAsync(start, EventFilter.All, 1000, default)).Select(e => e.Sequence).ToList();
        Assert.Equal(Count, stored.Count);
        Assert.Equal(stored, followed);
    }
}
