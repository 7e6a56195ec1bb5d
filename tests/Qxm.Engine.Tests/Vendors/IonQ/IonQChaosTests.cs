using Microsoft.Extensions.Time.Testing;
using Qxm.Backends.Vendors;
using Xunit.Abstractions;

namespace Qxm.Engine.Tests.Vendors.IonQ;

/// <summary>The vendor chaos test (<see cref="VendorChaos"/>) with the IonQ adapter: the fake answers 401 every 100
/// calls; a run makes four calls when nothing fails.</summary>
public sealed class IonQChaosTests(ITestOutputHelper output)
{
    private static readonly InFlightHandler Calls = new() { InnerHandler = new SocketsHttpHandler() };
    private static readonly HttpClient Client = new(Calls);

    [Fact]
    public async Task Runs_UnderAFaultPlanWithAnOutage_SucceedOnceEach_WithOneIonQJobEach()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        await using var ionq = await FakeIonQServer.StartAsync(clock);
        var backend = VendorBackends.Create(
            new RemoteBackendOptions("ionq.chaos", RemoteBackendOptions.IonQ, "simulator", ionq.Endpoint, VendorCredential.FromEnvironment("K", _ => ionq.ApiKey)),
            Client, clock);
        await VendorChaos.RunAsync(output, clock, ionq, Calls, backend,
            "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] q;\nbit[2] c;\nx q[0];\ncx q[0], q[1];\nc = measure q;\n", callsPerRun: 4);
    }
}
