using Qxm.Backends.Contract;
using Qxm.Backends.Registry;
using Qxm.Domain.Experiments;
using Qxm.Domain.Runs;
using Qxm.Engine.Api;
using Qxm.Engine.Experiments;
using Qxm.Engine.Persistence;
using Qxm.Engine.Tenancy;
using Qxm.Storage.Artifacts;
using Qxm.Storage.Sqlite;

namespace Qxm.Engine.Tests.Engine;

/// <summary>A real engine over a real SQLite database and artifact directory in a temporary home.</summary>
internal sealed class EngineFixture : IAsyncDisposable
{
    private EngineFixture(string home, SqliteStore store, FileArtifactStore artifacts, QxmEngine engine)
    {
        Home = home;
        Store = store;
        Artifacts = artifacts;
        Engine = engine;
    }

    public string Home { get; }

    public SqliteStore Store { get; }

    public FileArtifactStore Artifacts { get; }

    /// <summary>The artifacts as the engine reads them: a result's document is found in the spool until it is a file
    /// (decision 0043).</summary>
    public IArtifactStore ReadArtifacts => new SpooledArtifacts(Artifacts, Store);

    /// <summary>Waits until the artifact store holds a result's document, which the spooler writes after the run succeeded
    /// (decision 0043). (Its spool row goes later, on the engine's clock, which a test's fake clock holds still.)</summary>
    public static Task WaitWrittenAsync(IArtifactStore files, string hash) =>
        WaitUntilAsync(async () => await files.GetAsync(hash, default) is not null, $"the result document {hash} written out");

    /// <summary>Waits for an event the engine makes happen in the background, with a bound that only a stuck engine
    /// reaches (never a measure of the machine's speed).</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> happened, string what)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await happened())
        {
            Assert.True(DateTime.UtcNow < until, $"not within 60 s: {what}");
            await Task.Delay(10);
        }
    }

    public QxmEngine Engine { get; }

    public IRunService Service => Engine.Service;

    /// <param name="time">The clock of the store, the engine and the fake devices' drift.</param>
    /// <param name="devices">Device data files to add, by file name.</param>
    /// <param name="remote">Vendor backends to add beside the built-in ones.</param>
    public static async Task<EngineFixture> StartAsync(
        TenantCatalog? tenants = null, EngineOptions? options = null, TimeProvider? time = null, IReadOnlyDictionary<string, string>? devices = null,
        IEnumerable<IBackend>? remote = null)
    {
        var home = Path.Combine(Path.GetTempPath(), "qxm-engine-" + Guid.NewGuid().ToString("N"));
        return await OpenAsync(home, tenants, options, time ?? TimeProvider.System, devices, remote);
    }

    /// <summary>A fixture with heavyhex27 (calibration and all) and a copy of it, <c>fake.&lt;name&gt;</c>, whose readout
    /// never errs: the same gates and relaxation, so a run on the copy shows what readout error alone does.</summary>
    public static Task<EngineFixture> StartWithPerfectReadoutHeavyHexAsync(string name)
    {
        var device = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(
            Path.Combine(Architecture.DependencyRulesTests.RepositoryRoot(), "src", "Qxm.Backends", "Devices", "heavyhex27.json")))!;
        device["name"] = name;
        device["calibration"]!["readoutError"] = 0;
        return StartAsync(devices: new Dictionary<string, string> { [name + ".json"] = device.ToJsonString() });
    }

    /// <summary>Stops this engine and store and opens fresh ones over the same data directory, as a restart does; the
    /// returned fixture owns the directory from then on.</summary>
    public async Task<EngineFixture> ReopenAsync(TenantCatalog? tenants, TimeProvider time)
    {
        Engine.Dispose();
        await Store.DisposeAsync();
        return await OpenAsync(Home, tenants, null, time, null, null);
    }

    private static async Task<EngineFixture> OpenAsync(
        string home, TenantCatalog? tenants, EngineOptions? options, TimeProvider time, IReadOnlyDictionary<string, string>? devices,
        IEnumerable<IBackend>? remote)
    {
        var devicesDirectory = Directory.CreateDirectory(Path.Combine(home, "devices")).FullName;
        foreach (var (name, json) in devices ?? new Dictionary<string, string>())
        {
            File.WriteAllText(Path.Combine(devicesDirectory, name), json);
        }

        var store = await SqliteStore.OpenAsync(Path.Combine(home, "qxm.db"), time, default);
        var artifacts = new FileArtifactStore(Path.Combine(home, "artifacts"));
        var engine = new QxmEngine(
            EngineStores.Over(store, artifacts), BackendRegistry.CreateDefault(devicesDirectory, time, remote: remote), options ?? new EngineOptions(), time, tenants);
        return new EngineFixture(home, store, artifacts, engine);
    }

    public static string ExamplesDirectory => Path.Combine(Architecture.DependencyRulesTests.RepositoryRoot(), "examples");

    public static ExperimentDefinition LoadExample(string file)
    {
        var loaded = ExperimentLoader.LoadFile(Path.Combine(ExamplesDirectory, file));
        Assert.Empty(loaded.Diagnostics);
        return loaded.Experiment!;
    }

    public static ExperimentDefinition Inline(string source, int shots = 100, ulong? seed = 1) => new()
    {
        Name = "inline",
        CircuitSource = source,
        CircuitOrigin = "<inline>",
        Shots = shots,
        Seed = seed,
    };

    /// <summary>Executes queued runs on the caller's task until the run ends (60 s at most). Runs are executed to their
    /// end even when <paramref name="cancellationToken"/> fires, as workers would; it only stops the waiting.</summary>
    public async Task<Run> RunToEndAsync(string runId, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var run = (await Service.GetAsync(runId, cancellationToken))!;
            if (RunLifecycle.IsTerminal(run.State))
            {
                return run;
            }

            Assert.True(DateTime.UtcNow < deadline, $"run {runId} still {run.State} after 60 s");
            if (!await Engine.RunOnceAsync("w", CancellationToken.None))
            {
                await Task.Delay(5, cancellationToken);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Engine.Dispose();
        await Store.DisposeAsync();
        Directory.Delete(Home, recursive: true);
    }
}
