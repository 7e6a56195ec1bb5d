using Microsoft.Extensions.Time.Testing;
using Qxm.Domain.Tenancy;
using Qxm.Engine.Persistence;

namespace Qxm.Engine.Tests.Storage;

/// <summary>What every store must do with backend sessions. Each store's test class derives from this and opens a real database.</summary>
public abstract class SessionStoreContract : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 4, 0, 0, TimeSpan.Zero);

    protected FakeTimeProvider Clock { get; } = new(T0);

    protected abstract ISessionStore Sessions { get; }

    protected abstract IAuditLog Audit { get; }

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    [SkippableFact]
    public async Task TryOpen_WhileAnotherHoldsTheBackend_ReturnsTheHolder()
    {
        var first = Session("s-1", "a", T0);

        Assert.Null(await Sessions.TryOpenSessionAsync(first, default));
        Assert.Equal("s-1", (await Sessions.TryOpenSessionAsync(Session("s-2", "b", T0.AddSeconds(30)), default))?.Id);
        Assert.Null(await Sessions.TryOpenSessionAsync(Session("s-3", "b", T0.AddMinutes(2)), default));
        Assert.Equal(first, await Sessions.GetSessionAsync("s-1", default));
    }

    [SkippableFact]
    public async Task Touch_KeepsOnlyAnActiveSessionAlive()
    {
        await Sessions.TryOpenSessionAsync(Session("s-1", "a", T0), default);

        await Sessions.TouchSessionsAsync("sim", "a", T0.AddSeconds(100), default);
        await Sessions.TouchSessionsAsync("sim", "b", T0.AddSeconds(110), default);
        Assert.Equal(T0.AddSeconds(100), (await Sessions.GetSessionAsync("s-1", default))!.LastActivityAt);

        // Idle since 100 s: at 221 s it has ended, and a late touch does not revive it.
        await Sessions.TouchSessionsAsync("sim", "a", T0.AddSeconds(221), default);
        var session = (await Sessions.GetSessionAsync("s-1", default))!;
        Assert.Equal(T0.AddSeconds(100), session.LastActivityAt);
        Assert.Equal("idle", session.EndReason(T0.AddSeconds(221)));
    }

    [SkippableFact]
    public async Task Close_EndsOnce_AndListShowsWhatHadNotEndedBefore()
    {
        await Sessions.TryOpenSessionAsync(Session("s-1", "a", T0), default);
        await Sessions.TryOpenSessionAsync(Session("s-2", "a", T0) with { Backend = "other" }, default);

        Assert.True(await Sessions.CloseSessionAsync("s-1", T0.AddSeconds(10), default));
        Assert.False(await Sessions.CloseSessionAsync("s-1", T0.AddSeconds(20), default));

        Assert.Equal(T0.AddSeconds(10), (await Sessions.GetSessionAsync("s-1", default))!.ClosedAt);
        Assert.Equal(["s-1", "s-2"], (await Sessions.ListSessionsAsync(null, T0.AddSeconds(5), default)).Select(s => s.Id));
        Assert.Equal(["s-2"], (await Sessions.ListSessionsAsync(null, T0.AddSeconds(15), default)).Select(s => s.Id));
        Assert.Empty(await Sessions.ListSessionsAsync("sim", T0.AddSeconds(15), default));
    }

    [SkippableFact]
    public async Task SetVendorSession_IsKeptOnTheSession_OpenThenClosed()
    {
        await Sessions.TryOpenSessionAsync(Session("s-1", "a", T0), default);

        Assert.True(await Sessions.SetVendorSessionAsync("s-1", "ibm-7", null, default));
        Assert.Equal(("ibm-7", (DateTimeOffset?)null), ((await Sessions.GetSessionAsync("s-1", default))!.VendorSession, (await Sessions.GetSessionAsync("s-1", default))!.VendorClosedAt));
        Assert.True(await Sessions.SetVendorSessionAsync("s-1", "ibm-7", T0.AddSeconds(40), default));
        var listed = Assert.Single(await Sessions.ListSessionsAsync("sim", T0, default));
        Assert.Equal(("ibm-7", (DateTimeOffset?)T0.AddSeconds(40)), (listed.VendorSession, listed.VendorClosedAt));
        Assert.False(await Sessions.SetVendorSessionAsync("s-none", "ibm-8", null, default));

        var trail = (await Audit.ListByObjectTypeAsync("session", default)).Select(e => (e.Entry.Action, e.Entry.ObjectId, e.Entry.Tenant, e.Entry.Detail));
        Assert.Equal(
            [("session.opened", "s-1", "a", "sim, at most 1800 s, idle 120 s"), ("session.vendor-opened", "s-1", "a", "sim: ibm-7"),
             ("session.vendor-closed", "s-1", "a", "sim: ibm-7")],
            trail);
    }

    private static Session Session(string id, string tenant, DateTimeOffset at) =>
        new(id, tenant, "sim", at, TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(2));
}
