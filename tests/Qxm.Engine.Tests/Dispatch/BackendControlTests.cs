using Qxm.Domain.Backends;
using Qxm.Domain.Runs;
using Qxm.Engine.Api;
using Qxm.Engine.Tests.Engine;

namespace Qxm.Engine.Tests.Dispatch;

public sealed class BackendControlTests
{
    [Theory]
    [InlineData(BackendControlMode.Held)]
    [InlineData(BackendControlMode.Draining)]
    public async Task HeldOrDrainedBackend_DispatchesNothing_UntilReleased_AndSaysWhy(BackendControlMode mode)
    {
        await using var fx = await EngineFixture.StartAsync();
        var control = await fx.Engine.Queue.ControlBackendAsync("sim.statevector", mode, "firmware upgrade", "ops", default);
        var run = (await fx.Service.SubmitAsync(EngineFixture.LoadExample("bell.yaml"), new SubmitOptions(BaseDirectory: EngineFixture.ExamplesDirectory), default)).Run!;

        Assert.False(await fx.Engine.RunOnceAsync("w", default));
        var listed = (await fx.Service.ListBackendsAsync(default)).Single(b => b.Id == "sim.statevector");
        Assert.Equal(control, listed.Control);
        Assert.Equal("firmware upgrade", listed.Control!.Reason);
        Assert.Equal(RunState.Queued, (await fx.Service.GetAsync(run.Id, default))!.State);

        Assert.True(await fx.Engine.Queue.ReleaseBackendAsync("sim.statevector", default));
        Assert.True(await fx.Engine.RunOnceAsync("w", default));
        Assert.Equal(RunState.Succeeded, (await fx.Service.GetAsync(run.Id, default))!.State);
        Assert.Null((await fx.Service.ListBackendsAsync(default)).Single(b => b.Id == "sim.statevector").Control);
        Assert.True(await fx.Engine.Queue.ReleaseBackendAsync("sim.statevector", default));
        Assert.False(await fx.Engine.Queue.ReleaseBackendAsync("fake.nowhere", default));
    }

    [Fact]
    public async Task Control_OfAnUnknownBackend_IsRefused()
    {
        await using var fx = await EngineFixture.StartAsync();

        Assert.Null(await fx.Engine.Queue.ControlBackendAsync("fake.nowhere", BackendControlMode.Held, "x", "ops", default));
    }

    [Fact]
    public async Task SucceededRun_RecordsItsBackendJobAndCalls()
    {
        await using var fx = await EngineFixture.StartAsync();
        var native = EngineFixture.Inline("OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[9] q;\nbit[2] c;\nx q[0];\nc[0] = measure q[0];\nc[1] = measure q[1];\n");
        var run = await fx.Service.SubmitAsync(native with { Backend = "fake.square9" }, new SubmitOptions(), default);
        Assert.True(run.Accepted, string.Join("; ", run.Diagnostics));

        Assert.True(await fx.Engine.RunOnceAsync("w", default));

        var read = (await fx.Service.GetAsync(run.Run!.Id, default))!;
        Assert.Equal(RunState.Succeeded, read.State);
        Assert.NotNull(read.BackendJobId);
        Assert.Equal(["submit", "result"], read.BackendAttempts.Select(a => a.Operation));
        Assert.All(read.BackendAttempts, a => Assert.Equal(read.BackendJobId, a.JobId));
    }
}
