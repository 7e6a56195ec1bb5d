using Microsoft.Extensions.Time.Testing;
using Qxm.Backends.Vendors;
using Xunit.Abstractions;

namespace Qxm.Engine.Tests.Vendors.Azure;

/// <summary>The vendor chaos test (<see cref="VendorChaos"/>) with the Azure Quantum adapter on a Quantinuum emulator,
/// signed in through Microsoft Entra ID: the fake answers 401 every 100 calls (the token is asked again), and a run makes
/// six calls when nothing fails (blob upload and job create under the process's storage address, three status polls, the
/// output blob).</summary>
public sealed class AzureChaosTests(ITestOutputHelper output)
{
    private static readonly InFlightHandler Calls = new() { InnerHandler = new SocketsHttpHandler() };
    private static readonly HttpClient Client = new(Calls);

    [Fact]
    public async Task Runs_UnderAFaultPlanWithAnOutage_SucceedOnceEach_WithOneAzureJobEach()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        await using var azure = await FakeAzureServer.StartAsync(clock);
        var backend = VendorBackends.Create(AzureBackendContract.Options(azure, "azure.chaos", "quantinuum.sim.h2-1e", entra: true), Client, clock);
        await VendorChaos.RunAsync(output, clock, azure, Calls, backend,
            "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] q;\nbit[2] c;\nx q[0];\ncx q[0], q[1];\nc = measure q;\n", callsPerRun: 6);
    }
}
