using System.Data.Common;
using Qxm.Backends.Registry;
using Qxm.Engine;
using Qxm.Engine.Api;
using Qxm.Engine.Persistence;
using Qxm.Storage.Artifacts;
using Qxm.Engine.Tenancy;
using Qxm.Storage.Postgres;
using Qxm.Storage.Relational;
using Qxm.Storage.Sqlite;

namespace Qxm.Server.Composition;

/// <summary>The embedded installation: a data directory holding the SQLite database and the artifact directory, and the
/// engine over them. <c>qxm serve</c> and the CLI's embedded mode open the same thing, so either can pick up the other's runs.</summary>
public sealed class QxmRuntime : IAsyncDisposable
{
    public const string HomeVariable = "QXM_HOME";
    public const string DatabaseFileName = "qxm.db";
    public const string ArtifactsDirectoryName = "artifacts";
    public const string StoreVariable = "QXM_STORE";
    public const string TenantsFileName = "tenants.yaml";

    /// <summary>Where a user's own fake-device data files live (docs/devices.md).</summary>
    public const string DevicesDirectoryName = "devices";

    private readonly RelationalStore _store;

    private QxmRuntime(string home, RelationalStore store, QxmEngine engine)
    {
        Home = home;
        _store = store;
        Engine = engine;
    }

    /// <summary>The data directory, absolute.</summary>
    public string Home { get; }

    public QxmEngine Engine { get; }

    public IRunService Service => Engine.Service;

    /// <summary>The queue sample and the runs SLIs are computed from.</summary>
    public ITelemetryStore Telemetry => _store;

    /// <summary>The global event log the event stream and webhooks follow.</summary>
    public IEventStore Events => _store;

    public IWebhookStore Webhooks => _store;

    /// <summary>The directory given, else <c>$QXM_HOME</c>, else <c>~/.qxm</c>.</summary>
    public static string ResolveHome(string? home)
    {
        if (string.IsNullOrWhiteSpace(home))
        {
            home = Environment.GetEnvironmentVariable(HomeVariable);
        }

        if (string.IsNullOrWhiteSpace(home))
        {
            home = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".qxm");
        }

        return Path.GetFullPath(home);
    }

    /// <param name="store">A PostgreSQL connection string (several instances share it); null means <c>$QXM_STORE</c>,
    /// else the embedded SQLite database in the data directory.</param>
    /// <param name="tenantsFile">The tenants' YAML file; null means <c>tenants.yaml</c> in the data directory when it exists.</param>
    public static async Task<QxmRuntime> OpenAsync(
        string? home, EngineOptions options, CancellationToken cancellationToken, string? store = null, string? tenantsFile = null,
        Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var directory = ResolveHome(home);
        Directory.CreateDirectory(directory);
        var tenants = LoadTenants(tenantsFile ?? Path.Combine(directory, TenantsFileName), explicitFile: tenantsFile is not null);
        var artifactsDirectory = Directory.CreateDirectory(Path.Combine(directory, ArtifactsDirectoryName)).FullName;
        store ??= Environment.GetEnvironmentVariable(StoreVariable);
        RelationalStore opened = string.IsNullOrWhiteSpace(store)
            ? await SqliteStore.OpenAsync(Path.Combine(directory, DatabaseFileName), TimeProvider.System, cancellationToken)
            : await PostgresStore.OpenAsync(store, TimeProvider.System, cancellationToken);
        try
        {
            var engine = new QxmEngine(
                EngineStores.Over(opened, new FileArtifactStore(artifactsDirectory)), BackendRegistry.CreateDefault(Path.Combine(directory, DevicesDirectoryName)), options, TimeProvider.System, tenants,
                loggerFactory: loggerFactory);
            return new QxmRuntime(directory, opened, engine);
        }
        catch
        {
            await opened.DisposeAsync();
            throw;
        }
    }

    private static TenantCatalog LoadTenants(string path, bool explicitFile)
    {
        if (!explicitFile && !File.Exists(path))
        {
            return TenantCatalog.Default;
        }

        var (catalog, error) = TenantCatalog.Load(path);
        return catalog ?? throw new InvalidOperationException(error!.ToString());
    }

    /// <summary>Whether the store answers a query: what readiness means for an instance.</summary>
    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Service.ListAsync(new RunQuery(Limit: 1), cancellationToken);
            return true;
        }
        catch (Exception e) when (e is DbException or IOException or InvalidOperationException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Engine.Dispose();
        await _store.DisposeAsync();
    }
}
