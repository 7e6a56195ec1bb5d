using Microsoft.Extensions.Time.Testing;
using Qxm.Backends.Contract;
using Qxm.Backends.Vendors;
using Qxm.Circuits.Parsing;

namespace Qxm.Engine.Tests.Vendors.Ibm;

/// <summary>The IBM adapter's sessions against the fake IBM, which refuses what IBM refuses.</summary>
public sealed class IbmSessionTests : IAsyncLifetime
{
    private static readonly HttpClient Client = new();

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private FakeIbmServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeIbmServer.StartAsync(_clock);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task OpenSession_ThenAJobInIt_TheJobNamesTheSessionAndItsResultSaysSo()
    {
        var backend = Backend();

        var session = await ((IVendorSessions)backend).OpenSessionAsync(TimeSpan.FromMinutes(30), default);
        var jobId = await backend.SubmitAsync(Job() with { VendorSession = session }, "k-1", default);
        _clock.Advance(_server.QueueDelay);
        await backend.GetStatusAsync(jobId, default);
        var result = await backend.GetResultAsync(jobId, default);

        var opened = Assert.Single(_server.Sessions);
        Assert.Equal((session, "dedicated", 1800, true), (opened.Id, opened.Mode, opened.MaxTtlSeconds, opened.AcceptingJobs));
        Assert.Equal(session, (string?)_server.Bodies.Single()["session_id"]);
        Assert.Equal(new Dictionary<string, int> { [session] = 1 }, _server.JobsPerSession());
        Assert.Equal(session, result.Provenance!["vendorSession"]);
    }

    [Fact]
    public async Task Submit_InASessionClosedOrPastItsMaximumOrUnknown_IsRefusedAsInvalidInput_AndNothingIsMade()
    {
        var backend = Backend();
        var sessions = (IVendorSessions)backend;
        var closed = await sessions.OpenSessionAsync(TimeSpan.FromMinutes(5), default);
        await sessions.CloseSessionAsync(closed, default);
        var lapsed = await sessions.OpenSessionAsync(TimeSpan.FromMinutes(5), default);
        _clock.Advance(TimeSpan.FromMinutes(5));

        var refused = await Task.WhenAll(new[] { closed, lapsed, "s-never-opened" }.Select(session =>
            Assert.ThrowsAsync<BackendException>(() => backend.SubmitAsync(Job() with { VendorSession = session }, "k-" + session, default))));

        Assert.All(refused, e => Assert.Equal(BackendErrorKind.InvalidInput, e.Kind));
        Assert.Contains("accepts no more jobs", refused[0].Message, StringComparison.Ordinal);
        Assert.Contains("accepts no more jobs", refused[1].Message, StringComparison.Ordinal);
        Assert.Contains("unknown session", refused[2].Message, StringComparison.Ordinal);
        Assert.Empty(_server.JobsPerKey());
        Assert.False(_server.Sessions.Single(s => s.Id == closed).AcceptingJobs);
    }

    [Fact]
    public async Task CloseSession_OneIbmNoLongerKnows_IsClosedWithoutAFailure()
    {
        await ((IVendorSessions)Backend()).CloseSessionAsync("s-gone", default);

        Assert.Empty(_server.Sessions);
    }

    [Fact]
    public async Task OpenSession_LongerThanIbmAllows_AsksForIbmsLongest()
    {
        await ((IVendorSessions)Backend()).OpenSessionAsync(TimeSpan.FromHours(12), default);

        Assert.Equal(8 * 60 * 60, Assert.Single(_server.Sessions).MaxTtlSeconds);
    }

    private IBackend Backend() => VendorBackends.Create(IbmTorinoContract.Options(_server, "ibm.torino"), Client, _clock);

    private static BackendJob Job() =>
        new("run-s", [OpenQasmParser.Parse(IbmCircuits.Ghz(2), "ibm.qasm", _ => null).Circuit!], 100, 1);
}
