using Microsoft.Extensions.Time.Testing;
using Qxm.Backends.Vendors;
using Xunit.Abstractions;

namespace Qxm.Engine.Tests.Vendors.Ibm;

/// <summary>The vendor chaos test (<see cref="VendorChaos"/>) with the IBM adapter: the fake Qiskit Runtime revokes the
/// bearer token every 100 calls; a run makes five calls when nothing fails (submit, status and metrics while queued,
/// status, results).</summary>
public sealed class IbmChaosTests(ITestOutputHelper output)
{
    private static readonly InFlightHandler Calls = new() { InnerHandler = new SocketsHttpHandler() };
    private static readonly HttpClient Client = new(Calls);

    [Fact]
    public async Task Runs_UnderAFaultPlanWithAnOutage_SucceedOnceEach_WithOneIbmJobEach()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        await using var ibm = await FakeIbmServer.StartAsync(clock);
        var backend = VendorBackends.Create(IbmTorinoContract.Options(ibm, "ibm.chaos"), Client, clock);
        await VendorChaos.RunAsync(output, clock, ibm, Calls, backend, IbmCircuits.Ghz(2), callsPerRun: 5);
    }
}
