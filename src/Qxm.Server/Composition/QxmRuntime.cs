using System.Data.Common;
using Qxm.Backends.Registry;
using Qxm.Engine;
using Qxm.Engine.Api;
using Qxm.Engine.Persistence;
using Qxm.Storage.Artifacts;
using Qxm.Storage.Sqlite;

namespace Qxm.Server.Composition;

/// <summary>The embedded installation: a data directory holding the SQLite database and the artifact directory, and the
/// engine over them. <c>qxm serve</c> and the CLI's embedded mode open the same thing, so either can pick up the other's runs.</summary>
public sealed class QxmRuntime : IAsyncDisposable
{
    public const string HomeVariable = "QXM_HOME";
    public const string DatabaseFileName = "qxm.db";
    public const string ArtifactsDirectoryName = "artifacts";

    private readonly SqliteStore _store;

    private QxmRuntime(string home, SqliteStore store, QxmEngine engine)
    {
        Home = home;
        _store = store;
        Engine = engine;
    }

    /// <summary>The data directory, absolute.</summary>
    public string Home { get; }

    public QxmEngine Engine { get; }

    public IRunService Service => Engine.Service;

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

    public static async Task<QxmRuntime> OpenAsync(string? home, EngineOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var directory = ResolveHome(home);
        Directory.CreateDirectory(directory);
        var artifactsDirectory = Directory.CreateDirectory(Path.Combine(directory, ArtifactsDirectoryName)).FullName;
        var store = await SqliteStore.OpenAsync(Path.Combine(directory, DatabaseFileName), TimeProvider.System, cancellationToken);
        try
        {
            var engine = new QxmEngine(
                store, store, store, new FileArtifactStore(artifactsDirectory), BackendRegistry.CreateDefault(), options, TimeProvider.System);
            return new QxmRuntime(directory, store, engine);
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
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
