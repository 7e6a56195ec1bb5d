using Microsoft.Extensions.Time.Testing;
using Qxm.Backends.Registry;
using Qxm.Backends.Simulators;
using Qxm.Backends.Vendors;
using Qxm.Engine.Loops;
using Qxm.Engine.Tests.Vendors.Ibm;
using Qxm.Storage.Sqlite;

namespace Qxm.Engine.Tests.Loops;

/// <summary>qxm sessions on a backend whose vendor has sessions (the IBM adapter, against the fake IBM): the vendor's
/// session opens with qxm's, is recorded on it, and closes when qxm's ends, however it ends.</summary>
public sealed class VendorSessionTests : IAsyncLifetime
{
    private static readonly HttpClient Client = new();

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "qxm-vendor-sessions-" + Guid.NewGuid().ToString("N"));
    private FakeIbmServer _ibm = null!;
    private SqliteStore _store = null!;
    private SessionService _sessions = null!;

    public async Task InitializeAsync()
    {
        _ibm = await FakeIbmServer.StartAsync(_clock);
        Directory.CreateDirectory(_directory);
        _store = await SqliteStore.OpenAsync(Path.Combine(_directory, "qxm.db"), _clock, default);
        var registry = new BackendRegistry([VendorBackends.Create(IbmTorinoContract.Options(_ibm, "ibm.torino"), Client, _clock), new StateVectorBackend()]);
        _sessions = new SessionService(_store, registry, _clock, () => { });
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await _ibm.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void HasVendorSessions_IbmAmongTheBackends_TrueSimulatorsAlone_False()
    {
        Assert.True(_sessions.HasVendorSessions);
        Assert.False(new SessionService(_store, new BackendRegistry([new StateVectorBackend()]), _clock, () => { }).HasVendorSessions);
    }

    [Fact]
    public async Task OpenThenClose_OpensIbmsSessionRecordsItAndClosesIt()
    {
        var opened = (await _sessions.OpenAsync("lab", "ibm.torino", TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(2), default)).Session!;

        var ibm = Assert.Single(_ibm.Sessions);
        Assert.Equal((ibm.Id, 1200, true), (opened.VendorSession, ibm.MaxTtlSeconds, ibm.AcceptingJobs));
        Assert.Equal(ibm.Id, (await _store.GetSessionAsync(opened.Id, default))!.VendorSession);

        var closed = await _sessions.CloseAsync(opened.Id, "lab", default);

        Assert.Equal("closed", closed!.EndReason);
        Assert.False(Assert.Single(_ibm.Sessions).AcceptingJobs);
        Assert.Equal(_clock.GetUtcNow(), (await _store.GetSessionAsync(opened.Id, default))!.VendorClosedAt);
        Assert.Equal(0, await _sessions.CloseLapsedVendorSessionsAsync(default));
    }

    [Fact]
    public async Task Lapsed_IdleOrAtItsMaximum_TheSweepClosesIbmsSessionOnce()
    {
        var idle = (await _sessions.OpenAsync("lab", "ibm.torino", TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(2), default)).Session!;
        Assert.Equal(0, await _sessions.CloseLapsedVendorSessionsAsync(default));

        _clock.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(1, await _sessions.CloseLapsedVendorSessionsAsync(default));
        Assert.Equal(0, await _sessions.CloseLapsedVendorSessionsAsync(default));
        Assert.False(_ibm.Sessions.Single(s => s.Id == idle.VendorSession).AcceptingJobs);
        Assert.NotNull((await _store.GetSessionAsync(idle.Id, default))!.VendorClosedAt);
    }

    [Fact]
    public async Task Open_WhenIbmRefuses_HoldsNothingAndSaysTheVendorFailed()
    {
        _ibm.FailNext(400, times: 1);

        var refused = await _sessions.OpenAsync("lab", "ibm.torino", null, null, default);
        var next = await _sessions.OpenAsync("other", "ibm.torino", null, null, default);

        Assert.True(refused.VendorFailed);
        Assert.StartsWith("ibm.torino's vendor did not open its session (InvalidInput)", refused.Problem, StringComparison.Ordinal);
        Assert.NotNull(next.Session);
        Assert.Single(_ibm.Sessions);
    }

    [Fact]
    public async Task Open_OnABackendWithoutVendorSessions_HoldsQxmsQueueOnly()
    {
        var opened = (await _sessions.OpenAsync("lab", "sim.statevector", null, null, default)).Session!;

        Assert.Null(opened.VendorSession);
        Assert.Empty(_ibm.Sessions);
    }
}
