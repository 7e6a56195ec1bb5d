using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Qxm.Backends.Contract;
using Qxm.Circuits.Export;
using Qxm.Domain.Backends;
using Qxm.Domain.Provenance;
using Qxm.Engine.Dispatch;
using Qxm.Engine.Persistence;
using Qxm.Engine.Submission;

namespace Qxm.Engine.Provenance;

/// <summary>Captures how an attempt executed when its result arrives, in the process that ran it, and stores it with the
/// run; a remote backend's raw answer is kept as an artifact beside it.</summary>
internal sealed class ExecutionRecorder(IRunProvenance? store, IArtifactStore? artifacts, TimeProvider time, HostFacts host)
{
    /// <summary>Stores facts taken by <see cref="FactsAsync"/> on their own (when no result will carry them).</summary>
    public Task RecordAsync(string runId, ExecutionFacts? facts, CancellationToken cancellationToken) =>
        store is null || facts is null ? Task.CompletedTask : store.RecordExecutionAsync(runId, facts, cancellationToken);

    /// <summary>The facts of the attempt, its raw answer already kept, for the store to record with the result; null when
    /// this process records no provenance.</summary>
    public async Task<ExecutionFacts?> FactsAsync(DispatchedRun run, BackendJobResult result, CancellationToken cancellationToken)
    {
        if (store is null)
        {
            return null;
        }

        var facts = Capture(run, result) with { Vendor = run.Backend is Qxm.Backends.Vendors.IRemoteBackend };
        if (artifacts is not null && result.RawAnswer is { } raw)
        {
            facts = facts with { RawAnswer = await artifacts.PutAsync(raw, cancellationToken) };
        }

        return facts;
    }

    public ExecutionFacts Capture(DispatchedRun run, BackendJobResult result) => new(
        Math.Max(1, run.Run.Attempts),
        time.GetUtcNow(),
        host.QxmVersion,
        host.QxmCommit,
        host.Runtime,
        host.OperatingSystem,
        host.Architecture,
        host.CpuModel,
        host.CpuCount,
        host.VectorWidth,
        run.Backend.Info.Kind,
        TargetVersion(run.Backend.Info.Target),
        run.Backend is ICalibrationSource,
        result.ExecutionSeconds,
        result.Provenance is { } simulation ? new SortedDictionary<string, string>(simulation.ToDictionary(), StringComparer.Ordinal) : new SortedDictionary<string, string>(StringComparer.Ordinal),
        [.. run.Prepared.BoundCircuits.Select(c => Hash(OpenQasm3Writer.Write(c)))]);

    /// <summary>The content hash of a target: equal targets have equal versions, and any change of a limit validation
    /// reads gives a new one. A target is immutable, so its hash is computed once per instance (every run's facts name
    /// it; a device's target serialises to kilobytes).</summary>
    public static string TargetVersion(Target target) => TargetVersions.GetValue(target, static t => Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(t, SpecJson.Options))));

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Target, string> TargetVersions = [];

    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
