using System.Text.Json.Nodes;
using Qxm.Backends.Registry;
using Qxm.Backends.Vendors;
using Qxm.Domain.Provenance;
using Qxm.Domain.Runs;
using Qxm.Engine.Api;
using Qxm.Engine.Persistence;
using Qxm.Engine.Provenance;
using Qxm.Engine.Resilience;
using Qxm.Engine.Tests.Engine;
using Qxm.Engine.Tests.Vendors.IonQ;
using Qxm.Storage.Artifacts;
using Qxm.Storage.Sqlite;

namespace Qxm.Engine.Tests.Provenance;

/// <summary>The issue's completeness test: a mixed workload over every kind of backend (the ideal and noisy simulators, a
/// sweep, a fake device with calibration, the IonQ adapter against its contract fake over HTTP) ends with every run's
/// provenance complete: nothing missing, so the telemetry completeness SLI is 100 %.</summary>
public sealed class ProvenanceCompletenessTests
{
    private const string Bell = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[2] q;\nbit[2] c;\nx q[0];\ncx q[0], q[1];\nc = measure q;\n";
    private const string Sweep = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\ninput angle theta;\nqubit[1] q;\nbit[1] c;\nry(theta) q[0];\nc = measure q;\n";
    private const string IonQ = "ionq.sim";

    [Fact]
    public async Task MixedWorkload_EveryBackendKind_EveryRunsProvenanceIsComplete()
    {
        var home = Directory.CreateTempSubdirectory("qxm-provenance-").FullName;
        var devices = Directory.CreateDirectory(Path.Combine(home, "devices")).FullName;
        await File.WriteAllTextAsync(Path.Combine(devices, "pair.json"), """
            { "name": "pair", "qubits": 2, "maxShots": 1000, "maxCircuits": 10,
              "operations": [ { "name": "x" }, { "name": "cx" } ], "coupling": { "edges": [ [0, 1] ] },
              "calibration": { "takenAt": "2026-12-01T00:00:00Z", "t1Us": 100, "t2Us": 80, "readoutError": 0.02 } }
            """);
        await using var ionq = await FakeIonQServer.StartAsync(TimeProvider.System);
        ionq.QueueDelay = TimeSpan.Zero;
        using var client = new HttpClient();
        var remote = VendorBackends.Create(
            new RemoteBackendOptions(IonQ, RemoteBackendOptions.IonQ, "simulator", ionq.Endpoint, VendorCredential.FromEnvironment("K", _ => ionq.ApiKey)),
            client, TimeProvider.System);
        var store = await SqliteStore.OpenAsync(Path.Combine(home, "qxm.db"), TimeProvider.System, default);
        var engine = new QxmEngine(
            EngineStores.Over(store, new FileArtifactStore(Path.Combine(home, "artifacts"))),
            BackendRegistry.CreateDefault(devices, TimeProvider.System, Path.Combine(home, "jobs"), [remote]),
            new EngineOptions { Workers = 2 }, TimeProvider.System,
            resilience: new ResilienceOptions { MinPollInterval = TimeSpan.FromMilliseconds(10), MaxPollInterval = TimeSpan.FromMilliseconds(50) });
        try
        {
            var experiments = new[]
            {
                EngineFixture.Inline(Bell, seed: 1),
                EngineFixture.Inline(Bell, seed: null) with { Tags = ["no-seed"] },
                EngineFixture.Inline(Sweep) with { Parameters = [new Qxm.Domain.Experiments.ParameterAxis("theta", [0, 1.5, 3])] },
                EngineFixture.Inline(Bell, seed: 2) with { Backend = "sim.noisy" },
                EngineFixture.Inline(Bell, seed: 3) with { Backend = "sim.density" },
                EngineFixture.Inline(Bell, seed: 4) with { Backend = "fake.pair" },
                EngineFixture.Inline(Bell, seed: 5) with { Backend = IonQ },
            };
            var ids = new List<string>();
            foreach (var experiment in experiments)
            {
                var outcome = await engine.Service.SubmitAsync(experiment, new SubmitOptions(), default);
                Assert.True(outcome.Accepted, string.Join("; ", outcome.Diagnostics));
                ids.Add(outcome.Run!.Id);
            }

            using var stop = new CancellationTokenSource();
            var workers = engine.RunWorkersAsync(stop.Token);
            await EngineFixture.WaitUntilAsync(
                async () => (await store.ListAsync(new RunQuery(Limit: 100), default)).All(r => RunLifecycle.IsTerminal(r.State)), "the workload finished");

            await stop.CancelAsync();
            await workers;

            var service = engine.ProvenanceFor(engine.Service, null);
            var records = new List<RunProvenance>();
            foreach (var id in ids)
            {
                var record = await service.GetProvenanceAsync(id, default);
                Assert.NotNull(record);
                Assert.True(record.State == RunState.Succeeded, $"{id} on {record.Backend}: {record.State} {record.Error}");
                Assert.True(record.Missing.Count == 0, $"{record.Backend}: missing {string.Join(", ", record.Missing)}");
                records.Add(record);
            }

            Assert.Equal(1.0, records.Count(r => r.Missing.Count == 0) / (double)records.Count);
            foreach (var record in records)
            {
                var execution = Assert.Single(record.Executions);
                Assert.Equal("0.1.0", execution.QxmVersion);
                Assert.NotEqual("unknown", execution.QxmCommit);
                Assert.Contains(".NET", execution.Runtime, StringComparison.Ordinal);
                Assert.Equal(record.SweepPoints, record.Artifacts.Count(a => a.Role == "bound-circuit"));
                Assert.Single(record.Artifacts, a => a.Role == "source");
                Assert.Single(record.Artifacts, a => a.Role == "result");
                Assert.Equal(["Validated", "Queued", "Running", "Succeeded"], record.Transitions.Select(t => t.To.ToString()));
                Assert.NotNull(record.Seed);
                Assert.True(record.QueueWaitSeconds >= 0 && record.ExecutionSeconds >= 0);
                var prov = ProvJson.Write(record);
                Assert.NotNull(prov["activity"]![$"run:{record.RunId}"]);
                Assert.Contains(prov["wasGeneratedBy"]!.AsObject(), r => (string?)r.Value!["prov:activity"] == $"run:{record.RunId}");
                Assert.Equal(3, prov["wasAssociatedWith"]!.AsObject().Count);
            }

            Assert.Equal(["density-matrix", "statevector", "statevector", "statevector", "trajectories", "trajectories"],
                records.Select(r => r.Executions[0].Simulation.GetValueOrDefault("method")).OfType<string>().Order(StringComparer.Ordinal));
            var device = records.Single(r => r.Backend == "fake.pair");
            Assert.NotNull(device.CalibrationHash);
            Assert.Contains(device.Artifacts, a => a.Role == "calibration" && a.Hash == device.CalibrationHash);
            Assert.True(device.Executions[0].Calibrated);
            var vendor = records.Single(r => r.Backend == IonQ);
            Assert.Equal("ionq", vendor.Executions[0].BackendKind);
            Assert.NotNull(vendor.BackendJobId);
            Assert.True(vendor.Executions[0].Vendor);
            Assert.Contains(vendor.Artifacts, a => a.Role == "raw-answer" && a.Hash == vendor.Executions[0].RawAnswer);
            Assert.Equal(3, records.Single(r => r.SweepPoints == 3).Artifacts.Where(a => a.Role == "bound-circuit").Select(a => a.Hash).Distinct().Count());
        }
        finally
        {
            engine.Dispose();
            await store.DisposeAsync();
            Directory.Delete(home, recursive: true);
        }
    }

    [Fact]
    public void Build_SucceededRunWithoutExecutionFacts_NamesWhatIsMissing()
    {
        var at = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var run = new Run
        {
            Id = "r-1", Name = "bell", Fingerprint = "f", Backend = "sim.statevector", Shots = 10, SweepPoints = 1,
            State = RunState.Succeeded, CreatedAt = at, UpdatedAt = at, Seed = 1,
        };
        var record = ProvenanceBuilder.Build(run, null, null, [], [], []);
        Assert.Equal(["experiment version", "transitions and submitter", "result artifact", "execution facts"], record.Missing);
    }

    [Fact]
    public void SplitVersion_InformationalVersion_GivesVersionAndCommit()
    {
        Assert.Equal(("0.1.0", "acd0f62"), HostFacts.SplitVersion("0.1.0+acd0f62"));
        Assert.Equal(("0.1.0", "unknown"), HostFacts.SplitVersion("0.1.0"));
        Assert.Equal(("unknown", "unknown"), HostFacts.SplitVersion(null));
    }
}
