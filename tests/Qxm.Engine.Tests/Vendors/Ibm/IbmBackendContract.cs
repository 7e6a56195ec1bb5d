using Qxm.Backends.Contract;
using Qxm.Backends.Vendors;
using Qxm.Engine.Tests.Backends;

namespace Qxm.Engine.Tests.Vendors.Ibm;

/// <summary>The IBM adapter against the fake IBM Cloud IAM and Qiskit Runtime on loopback, on a Heron device.</summary>
public sealed class IbmTorinoContract : BackendContract, IAsyncLifetime
{
    // One client for the process, as IHttpClientFactory would hand out.
    private static readonly HttpClient Client = new();
    private FakeIbmServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeIbmServer.StartAsync(Clock);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    protected override IBackend Create(TimeProvider time) => VendorBackends.Create(Options(_server, "ibm.torino"), Client, time);

    internal static RemoteBackendOptions Options(FakeIbmServer server, string id) =>
        new(id, RemoteBackendOptions.Ibm, FakeIbmServer.Device, server.Endpoint, VendorCredential.FromEnvironment("IBM_API_KEY", _ => server.ApiKey))
        {
            Instance = server.Instance, TokenEndpoint = server.TokenEndpoint,
        };
}
