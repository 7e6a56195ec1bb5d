using Qxm.Backends.Contract;
using Qxm.Backends.Vendors;
using Qxm.Engine.Tests.Backends;

namespace Qxm.Engine.Tests.Vendors.Braket;

/// <summary>The Braket adapter on SV1 (Braket's state-vector simulator, no calibration) against the fake Braket on
/// loopback, results read from s3rver.</summary>
public sealed class BraketSv1Contract(BraketFixture fixture) : BackendContract, IAsyncLifetime, IClassFixture<BraketFixture>
{
    // One client for the process, as IHttpClientFactory would hand out.
    private static readonly HttpClient Client = new();
    private FakeBraketServer? _server;

    public async Task InitializeAsync() => _server = await fixture.StartAsync(Clock);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    protected override IBackend Create(TimeProvider time) => VendorBackends.Create(fixture.Options(_server!, "braket.sv1", FakeBraketServer.Simulator), Client, time);
}

/// <summary>The Braket adapter on IonQ Aria 1 (a QPU with a calibration, temporary credentials with a session token).</summary>
public sealed class BraketAriaContract(BraketFixture fixture) : BackendContract, IAsyncLifetime, IClassFixture<BraketFixture>
{
    private static readonly HttpClient Client = new();
    private FakeBraketServer? _server;

    public async Task InitializeAsync()
    {
        _server = await fixture.StartAsync(Clock);
        _server.SessionToken = "FwoGZXIvYXdzEXAMPLE-session-token";
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    protected override IBackend Create(TimeProvider time) => VendorBackends.Create(fixture.Options(_server!, "braket.aria", FakeBraketServer.Aria), Client, time);
}
