using Qxm.Domain.Runs;
using Qxm.Engine.Api;
using Qxm.Engine.Dispatch;
using Qxm.Engine.Tests.Engine;

namespace Qxm.Engine.Tests.Dispatch;

public sealed class RunEndingsTests
{
    private const string Tiny = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[1];\ncreg c[1];\nh q[0];\nmeasure q -> c;\n";

    [Fact]
    public void Watch_ThenEnded_CompletesOnceAndForgetsTheRun()
    {
        var endings = new RunEndings();
        var watched = endings.Watch("r1");
        var other = endings.Watch("r2");

        endings.Ended("r1");

        Assert.True(watched.IsCompletedSuccessfully);
        Assert.False(other.IsCompleted);
        // Ended forgot r1: watching it again waits for a new end.
        Assert.False(endings.Watch("r1").IsCompleted);
        endings.Forget("r2");
        endings.Ended("r2");
        Assert.False(other.IsCompleted);
    }

    [Fact]
    public async Task Worker_RunSucceeds_AnnouncesItsEndOnceItsResultIsStored()
    {
        await using var fx = await EngineFixture.StartAsync();
        var run = (await fx.Service.SubmitAsync(EngineFixture.Inline(Tiny), new SubmitOptions(), default)).Run!;
        var ended = fx.Engine.Endings.Watch(run.Id);
        // Read the moment it is announced: a waiter woken then must find the run ended, its result readable.
        var seen = ended.ContinueWith(_ => fx.Service.GetResultAsync(run.Id, default), TaskScheduler.Default).Unwrap();
        Assert.False(ended.IsCompleted);

        Assert.Equal(RunState.Succeeded, (await fx.RunToEndAsync(run.Id)).State);

        Assert.True(ended.IsCompletedSuccessfully);
        Assert.Equal(run.Id, (await seen)?.RunId);
    }

    [Fact]
    public async Task Workers_OneWorkerManyTinyRuns_AllSucceedEachAnnounced()
    {
        await using var fx = await EngineFixture.StartAsync(options: new EngineOptions { Workers = 1 });
        var ids = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add((await fx.Service.SubmitAsync(EngineFixture.Inline(Tiny, seed: (ulong)i), new SubmitOptions(), default)).Run!.Id);
        }

        var watched = ids.Select(fx.Engine.Endings.Watch).ToArray();
        using var stop = new CancellationTokenSource();
        var workers = fx.Engine.RunWorkersAsync(stop.Token);
        // The worker claims the next run while the last one's result commits; every run still ends, each announced.
        var all = Task.WhenAll(watched);
        try
        {
            Assert.Same(all, await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(60))));
        }
        finally
        {
            await stop.CancelAsync();
            await workers;
        }

        foreach (var id in ids)
        {
            Assert.Equal(RunState.Succeeded, (await fx.Service.GetAsync(id, default))!.State);
        }
    }
}
