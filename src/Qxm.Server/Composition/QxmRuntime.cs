using System.Data.Common;
using Qxm.Backends.Registry;
using Qxm.Engine;
using Qxm.Engine.Api;
using Qxm.Engine.Audit;
using Qxm.Engine.Bundles;
using Qxm.Engine.Vendors;
using Qxm.Engine.Persistence;
using Qxm.Engine.Security;
using Qxm.Engine.Slo;
using Qxm.Storage.Artifacts;
using Qxm.Engine.Retention;
using Qxm.Storage.Audit;
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

    /// <summary>Where artifacts live when no location is given: <c>s3://bucket/prefix</c>, else the data directory.</summary>
    public const string ArtifactsVariable = "QXM_ARTIFACTS";
    /// <summary>The archive tier retention moves expired results to: <c>s3://bucket/prefix</c> or a directory; none when unset.</summary>
    public const string ArchiveVariable = "QXM_ARCHIVE";
    public const string TenantsFileName = "tenants.yaml";
    public const string BackendsFileName = Qxm.Engine.Vendors.RemoteBackendsFile.FileName;
    public const string AuditKeyVariable = "QXM_AUDIT_KEY";
    public const string AuditCheckpointsVariable = "QXM_AUDIT_CHECKPOINTS";

    /// <summary>Where a user's own fake-device data files live (docs/devices.md).</summary>
    public const string DevicesDirectoryName = "devices";

    private readonly RelationalStore _store;
    private VendorClients? _vendors;
    private IBackendRegistry? _registry;
    private S3ArtifactStore? _s3;
    private S3ArtifactStore? _s3Archive;

    private long _headAtOpen;

    private QxmRuntime(
        string home, RelationalStore store, QxmEngine engine, AuditOptions auditOptions, AuditCheckpointer checkpointer, IAuditService audit,
        ApiKeyService keys, AccessTrail access)
    {
        Home = home;
        _store = store;
        Engine = engine;
        AuditOptions = auditOptions;
        Checkpointer = checkpointer;
        Audit = audit;
        Keys = keys;
        Access = access;
    }

    /// <summary>Deletes what refused submissions left in the artifact store; the server runs it on a schedule.</summary>
    public required ArtifactRetention Retention { get; init; }

    /// <summary>The tenants' retention policies and orphan collection in one pass (<c>qxm gc</c>); the server runs it on a schedule.</summary>
    public required RetentionCollector Collector { get; init; }

    /// <summary>The data directory, absolute.</summary>
    public string Home { get; }

    public QxmEngine Engine { get; }

    public IRunService Service => Engine.Service;

    /// <summary>The queue sample and the runs SLIs are computed from.</summary>
    public ITelemetryStore Telemetry => _store;

    /// <summary>The SLIs over a window, from the store and the backends' prices.</summary>
    public required SliService Slis { get; init; }

    /// <summary>The content-addressed artifact store (hook outputs and their provenance go there).</summary>
    public required Engine.Persistence.IArtifactStore Artifacts { get; init; }

    /// <summary>Optimizer loops and their evaluations.</summary>
    public Engine.Persistence.ILoopStore Loops => _store;

    /// <summary>The global event log the event stream and webhooks follow.</summary>
    public IEventStore Events => _store;

    public IWebhookStore Webhooks => _store;

    /// <summary>Reading and verifying the audit chain.</summary>
    public IAuditService Audit { get; }

    /// <summary>Where administrative and security actions are recorded (run transitions are recorded by the store itself).</summary>
    public IAuditTrail AuditTrail => _store;

    public AuditOptions AuditOptions { get; }

    /// <summary>Signs the chain's head into the checkpoint log; a server runs it every <see cref="AuditOptions.CheckpointInterval"/>.</summary>
    public AuditCheckpointer Checkpointer { get; }

    /// <summary>Export and import of bundles for a caller who sees runs through <paramref name="visible"/>, acting for
    /// <paramref name="tenant"/>, recorded in the audit chain as <paramref name="actor"/>.</summary>
    public BundleService BundlesFor(IRunService visible, string? tenant, string actor, BundleLimits? limits = null)
    {
        limits ??= new BundleLimits();
        limits.Validate();
        return new(new BundleStores(visible, Engine.ProvenanceFor(visible, tenant), _store, _store, _store, Artifacts, actor), limits, TimeProvider.System);
    }

    /// <summary>The queue service for <paramref name="actor"/>: reservations it makes or cancels are audited.</summary>
    public IQueueService QueueFor(string actor, string? principal) => new AuditedQueueService(Engine.Queue, _store, actor, principal);
    /// <summary>Where refusals and key changes go: the sink given at open, then the audit chain.</summary>
    public AccessTrail Access { get; }

    /// <summary>Where per-tenant vendor credentials set as files are (decision 0026).</summary>
    public const string CredentialsDirectoryName = "credentials";

    /// <summary>Per-tenant vendor credentials, changed by <paramref name="actor"/>: each change is audited.</summary>
    public ITenantCredentials CredentialsFor(string actor, string? principal) =>
        new TenantCredentialService(_store, _registry!, _store, actor, principal, TimeProvider.System);

    /// <summary>The API keys of this installation: issued and verified over the same store as the runs.</summary>
    public ApiKeyService Keys { get; }

    /// <summary>Where the fake devices keep the jobs they accepted, so the jobs outlive a restart of qxm, as a vendor's would.</summary>
    private const string FakeJobsDirectoryName = "fake-jobs";

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
    /// <param name="audit">Where the audit key and checkpoint log live; null means both in the data directory.</param>
    /// <param name="access">Where refusals and key changes are reported; null reports nowhere (the embedded CLI).</param>
    /// <param name="keyCacheFor">How long a verified API key is trusted without asking the store again.</param>
    public static async Task<QxmRuntime> OpenAsync(
        string? home, EngineOptions options, CancellationToken cancellationToken, string? store = null, string? tenantsFile = null,
        AuditOptions? audit = null, IAccessAudit? access = null, TimeSpan? keyCacheFor = null,
        Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory = null, string? backendsFile = null, string? artifactsLocation = null,
        string? archiveLocation = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        audit ??= new AuditOptions();
        audit.Validate();
        var directory = ResolveHome(home);
        Directory.CreateDirectory(directory);
        audit = audit with
        {
            KeyFile = Path.GetFullPath(audit.KeyFile ?? Environment.GetEnvironmentVariable(AuditKeyVariable) ?? Path.Combine(directory, AuditOptions.KeyFileName)),
            CheckpointFile = Path.GetFullPath(audit.CheckpointFile ?? Environment.GetEnvironmentVariable(AuditCheckpointsVariable)
                ?? Path.Combine(directory, AuditOptions.CheckpointFileName)),
        };
        var signer = AuditKeyFile.LoadOrCreate(audit.KeyFile);
        var tenants = LoadTenants(tenantsFile ?? Path.Combine(directory, TenantsFileName), explicitFile: tenantsFile is not null);
        var vendors = VendorClients.Load(backendsFile ?? Path.Combine(directory, BackendsFileName), explicitFile: backendsFile is not null, TimeProvider.System);
        artifactsLocation ??= Environment.GetEnvironmentVariable(ArtifactsVariable);
        S3ArtifactStore? s3 = null;
        if (!string.IsNullOrWhiteSpace(artifactsLocation))
        {
            var (s3Options, error) = S3ArtifactOptions.Parse(artifactsLocation, Environment.GetEnvironmentVariable);
            s3 = new S3ArtifactStore(s3Options ?? throw new ArgumentException($"artifacts: {error}", nameof(artifactsLocation)));
            await s3.EnsureBucketAsync(cancellationToken);
        }

        archiveLocation ??= Environment.GetEnvironmentVariable(ArchiveVariable);
        S3ArtifactStore? s3Archive = null;
        IArtifactTier? archive = null;
        if (!string.IsNullOrWhiteSpace(archiveLocation))
        {
            if (archiveLocation.StartsWith("s3://", StringComparison.Ordinal))
            {
                var (s3Options, error) = S3ArtifactOptions.Parse(archiveLocation, Environment.GetEnvironmentVariable);
                s3Archive = new S3ArtifactStore(s3Options ?? throw new ArgumentException($"archive: {error}", nameof(archiveLocation)));
                await s3Archive.EnsureBucketAsync(cancellationToken);
                archive = s3Archive;
            }
            else
            {
                archive = new FileArtifactStore(Path.GetFullPath(archiveLocation));
            }
        }

        store ??= Environment.GetEnvironmentVariable(StoreVariable);
        RelationalStore opened = string.IsNullOrWhiteSpace(store)
            ? await SqliteStore.OpenAsync(Path.Combine(directory, DatabaseFileName), TimeProvider.System, cancellationToken)
            : await PostgresStore.OpenAsync(store, TimeProvider.System, cancellationToken);
        try
        {
            IArtifactTier primary = s3 ?? (IArtifactTier)new FileArtifactStore(Directory.CreateDirectory(Path.Combine(directory, ArtifactsDirectoryName)).FullName);
            IArtifactTier artifacts = archive is null ? primary : new TieredArtifactStore(primary, archive);
            var backends = BackendRegistry.CreateDefault(
                Path.Combine(directory, DevicesDirectoryName), TimeProvider.System, Path.Combine(directory, FakeJobsDirectoryName), vendors.Backends);
            var engine = new QxmEngine(EngineStores.Over(opened, artifacts), backends, options, TimeProvider.System, tenants, loggers: loggerFactory)
            {
                TenantBackends = new TenantBackends(opened, vendors.Declared, Path.Combine(directory, CredentialsDirectoryName), vendors.Create),
            };
            var checkpoints = new FileCheckpointLog(audit.CheckpointFile);
            var checkpointer = new AuditCheckpointer(opened, checkpoints, signer, TimeProvider.System);
            // Taken before this process appends anything, so that closing signs a checkpoint over what it appended.
            var headAtOpen = (await opened.GetHeadAsync(cancellationToken))?.Position ?? 0;
            if (!ReferenceEquals(tenants, TenantCatalog.Default))
            {
                await TenantChanges.RecordAsync(tenants, opened, opened, cancellationToken);
            }

            var orphans = new ArtifactRetention(opened, artifacts, options, TimeProvider.System, artifacts);
            var accessTrail = new AccessTrail(access ?? AccessAudit.None, opened);
            var keys = new ApiKeyService(opened, tenants, accessTrail, TimeProvider.System, keyCacheFor);
            return new QxmRuntime(directory, opened, engine, audit, checkpointer,
                new AuditService(opened, new AuditVerifier(opened, checkpoints, signer)), keys, accessTrail)
            {
                _headAtOpen = headAtOpen,
                Retention = orphans,
                Collector = new RetentionCollector(tenants,
                    new RetentionStores(opened, opened, opened, opened, opened, opened, primary, archive, opened), orphans, TimeProvider.System),
                Artifacts = artifacts,
                Slis = new SliService(opened, TimeProvider.System, backends.All.ToDictionary(b => b.Info.Id, b => b.Info.CostPerShot, StringComparer.Ordinal), opened),
                _vendors = vendors,
                _registry = backends,
                _s3 = s3,
                _s3Archive = s3Archive,
            };
        }
        catch
        {
            vendors.Dispose();
            s3?.Dispose();
            s3Archive?.Dispose();
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
        await Access.DisposeAsync();
        try
        {
            // What this process appended is covered at once, not only at the next periodic checkpoint of some server. A
            // process that appended nothing (qxm audit verify among them) signs nothing.
            if ((await _store.GetHeadAsync(CancellationToken.None))?.Position > _headAtOpen)
            {
                await Checkpointer.CheckpointAsync(CancellationToken.None);
            }
        }
        catch (Exception e) when (e is DbException or IOException or UnauthorizedAccessException)
        {
            // The next checkpoint, by this or any process, covers these events too; closing must not fail for it.
        }

        Checkpointer.Dispose();
        _vendors?.Dispose();
        _s3?.Dispose();
        _s3Archive?.Dispose();
        await _store.DisposeAsync();
    }
}
