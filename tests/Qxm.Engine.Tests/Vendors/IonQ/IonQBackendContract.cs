using Microsoft.Extensions.Time.Testing;
using Qxm.Backends.Contract;
using Qxm.Backends.Vendors;
using Qxm.Engine.Tests.Backends;

namespace Qxm.Engine.Tests.Vendors.IonQ;

/// <summary>The IonQ adapter against the fake IonQ on loopback, on a QPU (with a characterization) and the simulator.</summary>
public abstract class IonQBackendContract(string device) : BackendContract, IAsyncLifetime
{
    private FakeIonQServer _server = null!;
    // One client for the process, as IHttpClientFactory would hand out.
    private static readonly HttpClient Client = new();

    public Task InitializeAsync() => StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    protected override IBackend Create(TimeProvider time) =>
        VendorBackends.Create(
            new RemoteBackendOptions("ionq." + device, RemoteBackendOptions.IonQ, device, _server.Endpoint,
                VendorCredential.FromEnvironment("IONQ_API_KEY", _ => _server.ApiKey)),
            Client, time);

    private async Task StartAsync() => _server = await FakeIonQServer.StartAsync(Clock);
}

public sealed class IonQAriaContract() : IonQBackendContract("qpu.aria-1");

public sealed class IonQSimulatorContract() : IonQBackendContract("simulator");
