using System.Text;
using Microsoft.Extensions.Time.Testing;
using Qxm.Backends.Registry;
using Qxm.Backends.Vendors;
using Qxm.Domain.Runs;
using Qxm.Domain.Security;
using Qxm.Domain.Tenancy;
using Qxm.Engine.Api;
using Qxm.Engine.Persistence;
using Qxm.Engine.Security;
using Qxm.Engine.Tenancy;
using Qxm.Engine.Tests.Engine;
using Qxm.Engine.Vendors;
using Qxm.Storage.Artifacts;
using Qxm.Storage.Sqlite;

namespace Qxm.Engine.Tests.Vendors.Azure;

/// <summary>Per-tenant vendor credentials end to end over a real SQLite store and the fake workspace: two tenants with a
/// key each and a third with none; every Azure job is made with its run's tenant's key, and no secret reaches the
/// database or the audit chain.</summary>
public sealed class AzureTenantCredentialsTests : IAsyncLifetime
{
    private const string Bell = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] q;\nbit[2] c;\nh q[0];\ncx q[0], q[1];\nc = measure q;\n";

    private static readonly HttpClient Client = new();
    private static readonly Dictionary<string, string> Environment = new(StringComparer.Ordinal)
    {
        ["QXM_TENANT_LAB_A_AZURE"] = "tenant-a-key-6e1f", ["QXM_TENANT_LAB_B_AZURE"] = "tenant-b-key-0c9d", ["AZURE_QUANTUM_KEY"] = "azure-api-key-90be",
    };

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly string _home = Path.Combine(Path.GetTempPath(), "qxm-azure-tenants-" + Guid.NewGuid().ToString("N"));
    private FakeAzureServer _server = null!;
    private SqliteStore _store = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeAzureServer.StartAsync(_clock);
        _server.ApiKeys["lab-a"] = Environment["QXM_TENANT_LAB_A_AZURE"];
        _server.ApiKeys["lab-b"] = Environment["QXM_TENANT_LAB_B_AZURE"];
        _store = await SqliteStore.OpenAsync(Path.Combine(_home, "qxm.db"), _clock, default);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await _server.DisposeAsync();
        Directory.Delete(_home, recursive: true);
    }

    [Fact]
    public async Task Runs_OfTwoTenantsWithKeys_AndOneWithout_EachSignInWithTheirOwn_AndNoSecretIsStored()
    {
        var options = new RemoteBackendOptions("azure.ionq", RemoteBackendOptions.Azure, "ionq.simulator", _server.Endpoint,
            VendorCredential.FromEnvironment("AZURE_QUANTUM_KEY", Lookup)) { Instance = FakeAzureServer.Workspace };
        var registry = new BackendRegistry([VendorBackends.Create(options, Client, _clock)]);
        var credentials = new TenantCredentialService(_store, registry, _store, "cli", "root", _clock);
        Assert.Empty((await credentials.SetAsync(new TenantCredentialRequest("lab-a", "azure.ionq", Env: "QXM_TENANT_LAB_A_AZURE"), default)).Diagnostics);
        Assert.Empty((await credentials.SetAsync(new TenantCredentialRequest("lab-b", "azure.ionq", Env: "QXM_TENANT_LAB_B_AZURE"), default)).Diagnostics);
        var tenants = new TenantCatalog([new Tenant { Id = "lab-a" }, new Tenant { Id = "lab-b" }]);
        using var engine = new QxmEngine(EngineStores.Over(_store, new FileArtifactStore(Path.Combine(_home, "artifacts"))), registry,
            new EngineOptions { Workers = 2 }, _clock, tenants)
        {
            TenantBackends = new TenantBackends(_store, [options], Path.Combine(_home, "credentials"), o => VendorBackends.Create(o, Client, _clock), Lookup),
        };

        var runs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tenant in (string[])["lab-a", "lab-b", Tenant.DefaultId])
        {
            var submitted = await engine.Service.SubmitAsync(EngineFixture.Inline(Bell, shots: 100, seed: 1) with { Backend = "azure.ionq" }, new SubmitOptions(Tenant: tenant), default);
            Assert.True(submitted.Accepted, string.Join("; ", submitted.Diagnostics));
            runs[tenant] = submitted.Run!.Id;
        }

        await RunToEndAsync(engine);

        Assert.All(await _store.ListAsync(new RunQuery(Limit: 10), default), r => Assert.Equal(RunState.Succeeded, r.State));
        Assert.Equal(["lab-a"], _server.CallersOf($"qxm-{runs["lab-a"]}@azure.ionq"));
        Assert.Equal(["lab-b"], _server.CallersOf($"qxm-{runs["lab-b"]}@azure.ionq"));
        Assert.Equal(["workspace"], _server.CallersOf($"qxm-{runs[Tenant.DefaultId]}@azure.ionq"));
        var database = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(Path.Combine(_home, "qxm.db")))
            + Encoding.UTF8.GetString(File.Exists(Path.Combine(_home, "qxm.db-wal")) ? await File.ReadAllBytesAsync(Path.Combine(_home, "qxm.db-wal")) : []);
        Assert.All(Environment.Values, secret => Assert.DoesNotContain(secret, database, StringComparison.Ordinal));
        Assert.Contains("QXM_TENANT_LAB_A_AZURE", database, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runs_OfATenantWithItsOwnEntraApplication_SignInAsThatApplication_AndOthersAsTheWorkspaces()
    {
        // The backend signs in through Entra ID as qxm's application; lab-a's admin registered lab-a's own application,
        // whose secret only lab-a's variable holds.
        _server.Clients["lab-a-app"] = Environment["QXM_TENANT_LAB_A_AZURE"];
        var options = AzureBackendContract.Options(_server, "azure.quantinuum", "quantinuum.sim.h2-1e", entra: true);
        var registry = new BackendRegistry([VendorBackends.Create(options, Client, _clock)]);
        var credentials = new TenantCredentialService(_store, registry, _store, "cli", "root", _clock);
        Assert.Empty((await credentials.SetAsync(
            new TenantCredentialRequest("lab-a", "azure.quantinuum", Env: "QXM_TENANT_LAB_A_AZURE", ClientId: "lab-a-app"), default)).Diagnostics);
        var tenants = new TenantCatalog([new Tenant { Id = "lab-a" }, new Tenant { Id = "lab-b" }]);
        using var engine = new QxmEngine(EngineStores.Over(_store, new FileArtifactStore(Path.Combine(_home, "artifacts"))), registry,
            new EngineOptions { Workers = 2 }, _clock, tenants)
        {
            TenantBackends = new TenantBackends(_store, [options], Path.Combine(_home, "credentials"), o => VendorBackends.Create(o, Client, _clock), Lookup),
        };

        var runs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tenant in (string[])["lab-a", "lab-b"])
        {
            var submitted = await engine.Service.SubmitAsync(
                EngineFixture.Inline(Bell, shots: 100, seed: 1) with { Backend = "azure.quantinuum" }, new SubmitOptions(Tenant: tenant), default);
            Assert.True(submitted.Accepted, string.Join("; ", submitted.Diagnostics));
            runs[tenant] = submitted.Run!.Id;
        }

        await RunToEndAsync(engine);

        Assert.All(await _store.ListAsync(new RunQuery(Limit: 10), default), r => Assert.Equal(RunState.Succeeded, r.State));
        Assert.Equal(["lab-a-app"], _server.CallersOf($"qxm-{runs["lab-a"]}@azure.quantinuum"));
        Assert.Equal(["qxm-app"], _server.CallersOf($"qxm-{runs["lab-b"]}@azure.quantinuum"));
        var listed = Assert.Single(await credentials.ListAsync("lab-a", default));
        Assert.Equal("lab-a-app", listed.ClientId);
    }

    [Fact]
    public async Task Set_ARefusedReference_AndANonAdmin_AreRefused_WithNothingStored()
    {
        var options = new RemoteBackendOptions("azure.ionq", RemoteBackendOptions.Azure, "ionq.simulator", _server.Endpoint,
            VendorCredential.FromEnvironment("AZURE_QUANTUM_KEY", Lookup)) { Instance = FakeAzureServer.Workspace };
        var credentials = new TenantCredentialService(_store, new BackendRegistry([VendorBackends.Create(options, Client, _clock)]), _store, "cli", "root", _clock);

        var database = await credentials.SetAsync(new TenantCredentialRequest("lab-a", "azure.ionq", Env: "QXM_TEST_POSTGRES"), default);
        var traversal = await credentials.SetAsync(new TenantCredentialRequest("lab-a", "azure.ionq", File: "../qxm.db"), default);
        var both = await credentials.SetAsync(new TenantCredentialRequest("lab-a", "azure.ionq", Env: "QXM_TENANT_X", File: "x"), default);
        var simulator = await credentials.SetAsync(new TenantCredentialRequest("lab-a", "sim.statevector", Env: "QXM_TENANT_X"), default);
        var viewer = new AuthorizedTenantCredentials(credentials, new Caller(new Principal("ana", Role.Viewer, ["lab-a"]), "lab-a"), AccessAudit.None, _clock);

        Assert.Equal("credentials.env", Assert.Single(database.Diagnostics).Rule);
        Assert.Equal("credentials.file", Assert.Single(traversal.Diagnostics).Rule);
        Assert.Equal("credentials.source", Assert.Single(both.Diagnostics).Rule);
        Assert.Equal("credentials.backend", Assert.Single(simulator.Diagnostics).Rule);
        await Assert.ThrowsAsync<AccessDeniedException>(() => viewer.SetAsync(new TenantCredentialRequest("lab-a", "azure.ionq", Env: "QXM_TENANT_X"), default));
        await Assert.ThrowsAsync<AccessDeniedException>(() => viewer.ListAsync(null, default));
        Assert.Empty(await credentials.ListAsync(null, default));
    }

    /// <summary>Runs the workers, moving the fake clock on, until every run has ended.</summary>
    private async Task RunToEndAsync(QxmEngine engine)
    {
        using var stop = new CancellationTokenSource();
        var workers = engine.RunWorkersAsync(stop.Token);
        await EngineFixture.WaitUntilAsync(async () =>
        {
            if ((await _store.ListAsync(new RunQuery(Limit: 10), default)).All(r => RunLifecycle.IsTerminal(r.State)))
            {
                return true;
            }

            _clock.Advance(TimeSpan.FromSeconds(1));
            return false;
        }, "every run ended");

        await stop.CancelAsync();
        await workers;
    }

    private static string? Lookup(string name) => Environment.GetValueOrDefault(name);
}
