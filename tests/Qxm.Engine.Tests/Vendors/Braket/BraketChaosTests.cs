using Microsoft.Extensions.Time.Testing;
using Qxm.Backends.Vendors;
using Xunit.Abstractions;

namespace Qxm.Engine.Tests.Vendors.Braket;

/// <summary>The vendor chaos test (<see cref="VendorChaos"/>) with the Braket adapter on SV1: the fake Braket answers
/// ExpiredTokenException every 100 calls, throttles, fails and times out creates after making the task; a run makes three
/// Braket calls when nothing fails (create, status while queued, status completed) and reads its results from s3rver.</summary>
public sealed class BraketChaosTests(ITestOutputHelper output, BraketFixture fixture) : IClassFixture<BraketFixture>
{
    private static readonly InFlightHandler Calls = new() { InnerHandler = new SocketsHttpHandler() };
    private static readonly HttpClient Client = new(Calls);

    [SkippableFact]
    public async Task Runs_UnderAFaultPlanWithAnOutage_SucceedOnceEach_WithOneBraketTaskEach()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        await using var braket = await fixture.StartAsync(clock);
        var backend = VendorBackends.Create(fixture.Options(braket, "braket.chaos", FakeBraketServer.Simulator), Client, clock);
        await VendorChaos.RunAsync(output, clock, braket, Calls, backend,
            "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] q;\nbit[2] c;\nx q[0];\ncx q[0], q[1];\nc = measure q;\n", callsPerRun: 3);
    }
}
