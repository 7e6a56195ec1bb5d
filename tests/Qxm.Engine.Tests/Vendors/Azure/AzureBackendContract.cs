using Qxm.Backends.Contract;
using Qxm.Backends.Vendors;
using Qxm.Engine.Tests.Backends;

namespace Qxm.Engine.Tests.Vendors.Azure;

/// <summary>The Azure Quantum adapter against the fake workspace on loopback: an IonQ target signed in with the
/// workspace's API key, a Quantinuum target with a Microsoft Entra ID token.</summary>
public abstract class AzureBackendContract(string device, bool entra) : BackendContract, IAsyncLifetime
{
    // One client for the process, as IHttpClientFactory would hand out.
    private static readonly HttpClient Client = new();
    private FakeAzureServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeAzureServer.StartAsync(Clock);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    protected override IBackend Create(TimeProvider time) => VendorBackends.Create(Options(_server, "azure." + device, device, entra), Client, time);

    /// <summary>A backend of the fake workspace, as backends.yaml would declare it.</summary>
    internal static RemoteBackendOptions Options(FakeAzureServer server, string id, string device, bool entra, string? secret = null) =>
        new(id, RemoteBackendOptions.Azure, device, server.Endpoint,
            VendorCredential.FromEnvironment("AZURE_QUANTUM_SECRET", _ => secret ?? (entra ? server.Clients["qxm-app"] : server.ApiKey)))
        {
            Instance = FakeAzureServer.Workspace,
            ClientId = entra ? "qxm-app" : null,
            Directory = entra ? FakeAzureServer.Directory : null,
            TokenEndpoint = entra ? server.TokenEndpoint : null,
        };
}

public sealed class AzureIonQSimulatorContract() : AzureBackendContract("ionq.simulator", entra: false);

public sealed class AzureQuantinuumEmulatorContract() : AzureBackendContract("quantinuum.sim.h2-1e", entra: true);
