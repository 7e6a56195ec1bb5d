using Microsoft.Extensions.Time.Testing;
using Qxm.Domain.Runs;
using Qxm.Domain.Tenancy;
using Qxm.Engine.Api;
using Qxm.Engine.Tenancy;
using Qxm.Engine.Tests.Engine;

namespace Qxm.Engine.Tests.Loops;

public sealed class SessionServiceTests
{
    private static readonly TenantCatalog Tenants = new([new Tenant { Id = "holder" }, new Tenant { Id = "other" }]);

    [Fact]
    public async Task Open_SecondSessionOnTheBackend_IsRefusedUntilTheFirstEnds()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 4, 0, 0, TimeSpan.Zero));
        await using var fx = await EngineFixture.StartAsync(Tenants, time: clock);
        var sessions = fx.Engine.Sessions!;

        var first = await sessions.OpenAsync("holder", "sim.statevector", TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(2), default);
        var second = await sessions.OpenAsync("other", "sim.statevector", null, null, default);
        var elsewhere = await sessions.OpenAsync("other", "sim.noisy", null, null, default);

        Assert.NotNull(first.Session);
        Assert.Null(second.Session);
        Assert.Equal(first.Session!.Id, second.HeldBy!.Id);
        Assert.NotNull(elsewhere.Session);

        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal("idle", (await sessions.GetAsync(first.Session.Id, "holder", default))!.EndReason);
        Assert.NotNull((await sessions.OpenAsync("other", "sim.statevector", null, null, default)).Session);
        Assert.Null(await sessions.GetAsync(first.Session.Id, "other", default));
    }

    [Theory]
    [InlineData(0.5, 0.5, "max must be between 1 s and 8 h")]
    [InlineData(60, 120, "idle must be between 1 s and the maximum")]
    public async Task Open_LimitsOutOfBounds_AreRefusedBeforeAnythingIsStored(double maxSeconds, double idleSeconds, string problem)
    {
        await using var fx = await EngineFixture.StartAsync(Tenants);

        var outcome = await fx.Engine.Sessions!.OpenAsync("holder", "sim.statevector", TimeSpan.FromSeconds(maxSeconds), TimeSpan.FromSeconds(idleSeconds), default);

        Assert.StartsWith(problem, outcome.Problem, StringComparison.Ordinal);
        Assert.Empty(await fx.Store.ListSessionsAsync(null, DateTimeOffset.MinValue.AddYears(1), default));
    }

    [Fact]
    public async Task Dispatch_DuringASession_RunsTheHoldersRunsFirstAndKeepsItFromIdling()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var fx = await EngineFixture.StartAsync(Tenants, time: clock);
        var opened = await fx.Engine.Sessions!.OpenAsync("holder", "sim.statevector", TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(2), default);
        var options = new SubmitOptions(BaseDirectory: EngineFixture.ExamplesDirectory);
        var others = (await fx.Service.SubmitAsync(EngineFixture.LoadExample("bell.yaml"), options with { Tenant = "other" }, default)).Run!;

        Assert.False(await fx.Engine.RunOnceAsync("w", default));
        clock.Advance(TimeSpan.FromSeconds(90));
        var mine = (await fx.Service.SubmitAsync(EngineFixture.LoadExample("bell.yaml"), options with { Tenant = "holder" }, default)).Run!;
        Assert.True(await fx.Engine.RunOnceAsync("w", default));
        Assert.Equal(RunState.Succeeded, (await fx.Service.GetAsync(mine.Id, default))!.State);
        Assert.Equal(RunState.Queued, (await fx.Service.GetAsync(others.Id, default))!.State);

        // The dispatch 90 s in moved the idle limit: 2 minutes after it, not after the opening.
        clock.Advance(TimeSpan.FromSeconds(60));
        Assert.False(await fx.Engine.RunOnceAsync("w", default));
        var queue = await fx.Engine.Queue.GetQueueAsync(null, default);
        Assert.Contains($"session {opened.Session!.Id}", Assert.Single(queue).Reason, StringComparison.Ordinal);

        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.True(await fx.Engine.RunOnceAsync("w", default));
        Assert.Equal(RunState.Succeeded, (await fx.Service.GetAsync(others.Id, default))!.State);
    }

    [Fact]
    public async Task Usage_HeldTime_CountsTowardTheHoldersFairShare()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var fx = await EngineFixture.StartAsync(Tenants, time: clock);
        var opened = await fx.Engine.Sessions!.OpenAsync("holder", "sim.statevector", TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(30), default);

        clock.Advance(TimeSpan.FromMinutes(10));
        await fx.Engine.Sessions.CloseAsync(opened.Session!.Id, "holder", default);
        clock.Advance(TimeSpan.FromMinutes(50));

        var usage = (await fx.Engine.Queue.ListTenantsAsync(default)).ToDictionary(t => t.Tenant.Id, t => t.RecentUsage);
        // 600 s held at 1,000 shots a second, decayed over the 50 minutes since (half-life 1 h), and nothing for the other tenant.
        Assert.Equal(600_000 * Math.Pow(2, -50.0 / 60), usage["holder"], 0);
        Assert.Equal(0, usage["other"]);
        var closed = (await fx.Engine.Sessions.GetAsync(opened.Session.Id, null, default))!;
        Assert.Equal("closed", closed.EndReason);
    }

    [Fact]
    public async Task Restart_OpenSession_StillHoldsTheBackend()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var fx = await EngineFixture.StartAsync(Tenants, time: clock);
        var opened = await fx.Engine.Sessions!.OpenAsync("holder", "sim.statevector", TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(5), default);
        var options = new SubmitOptions(BaseDirectory: EngineFixture.ExamplesDirectory);
        var others = (await fx.Service.SubmitAsync(EngineFixture.LoadExample("bell.yaml"), options with { Tenant = "other" }, default)).Run!;

        await using var restarted = await fx.ReopenAsync(Tenants, clock);
        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.False(await restarted.Engine.RunOnceAsync("w", default));
        Assert.True((await restarted.Engine.Sessions!.GetAsync(opened.Session!.Id, "holder", default))!.Active);
        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.True(await restarted.Engine.RunOnceAsync("w", default));
        Assert.Equal(RunState.Succeeded, (await restarted.Service.GetAsync(others.Id, default))!.State);
    }
}
