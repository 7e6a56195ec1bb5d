using Qxm.Domain.Runs;
using Qxm.Engine.Persistence;

namespace Qxm.Engine.Tests.Storage;

/// <summary>Results' documents spooled in their results' transactions (decision 0043), on every store.</summary>
public abstract partial class RunStoreContract
{
    private IArtifactSpool Spool => Assert.IsAssignableFrom<IArtifactSpool>(Results);

    [SkippableFact]
    public async Task CompleteSpooled_RecordsTheResultAndKeepsItsDocumentUntilUnspooled()
    {
        await CreateQueuedAsync("r-1");
        var claimed = await ClaimOldestAsync("w1");
        byte[] document = [1, 2, 3, 0, 255];
        var result = Result("r-1", 4) with { ArtifactHash = new string('c', 64) };

        Assert.True(await Spool.CompleteSpooledAsync(result, Facts(claimed!.Run.Attempts), document, "w1", default));

        Assert.Equal(RunState.Succeeded, (await Runs.GetAsync("r-1", default))!.State);
        Assert.Equal(new string('c', 64), (await Results.GetAsync("r-1", default))!.ArtifactHash);
        Assert.Equal(document, await Spool.GetSpooledAsync(new string('c', 64), default));
        Assert.Empty(await Spool.ListSpooledAsync(Clock.GetUtcNow(), 10, default));
        Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal([new string('c', 64)], await Spool.ListSpooledAsync(Clock.GetUtcNow(), 10, default));

        await Spool.UnspoolAsync([new string('c', 64)], default);

        Assert.Null(await Spool.GetSpooledAsync(new string('c', 64), default));
        Assert.Empty(await Spool.ListSpooledAsync(Clock.GetUtcNow(), 10, default));
    }

    [SkippableFact]
    public async Task CompleteSpooled_ByALaterFinisher_RecordsNothingAndSpoolsNothing()
    {
        await CreateQueuedAsync("r-1");
        var claimed = await ClaimOldestAsync("w1");
        Assert.True(await Results.CompleteAsync(Result("r-1", 7), Facts(claimed!.Run.Attempts), "w1", default));

        Assert.False(await Spool.CompleteSpooledAsync(Result("r-1", 2) with { ArtifactHash = new string('d', 64) }, Facts(claimed.Run.Attempts), new byte[] { 9 }, "w2", default));

        Assert.Null(await Spool.GetSpooledAsync(new string('d', 64), default));
        Assert.Equal(7, (await Results.GetAsync("r-1", default))!.Points[0].Counts["1"]);
    }
}
