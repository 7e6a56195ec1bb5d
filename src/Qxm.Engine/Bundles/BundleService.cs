using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Qxm.Domain.Audit;
using Qxm.Domain.Runs;
using Qxm.Engine.Api;
using Qxm.Engine.Audit;
using Qxm.Engine.Persistence;
using Qxm.Engine.Provenance;

namespace Qxm.Engine.Bundles;

/// <summary><c>qxm export</c> and <c>qxm import</c>: finished runs with everything that describes them (experiment versions,
/// artifacts, calibration snapshots, provenance, their audit events) in one zip with a manifest of every entry's SHA-256,
/// restored on another installation only when every hash holds and every limit is kept (docs/provenance.md, bundles).</summary>
/// <remarks>An import checks the whole bundle before it writes anything; artifacts are then put content-addressed (a
/// refused restore leaves only bytes nothing references) and every run goes into the store in one transaction, so a
/// bundle is imported whole or not at all. The same bundle imported again restores nothing and records nothing.</remarks>
public sealed partial class BundleService(BundleStores stores, BundleLimits limits, TimeProvider time)
{
    public const string Format = "qxm-bundle/1";
    private const string ManifestPath = "manifest.json";

    public async Task<BundleOutcome> ExportAsync(IReadOnlyList<string> runIds, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runIds);
        ArgumentNullException.ThrowIfNull(path);
        var ids = runIds.Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0 || ids.Count > limits.MaxRuns)
        {
            return BundleOutcome.Refused($"name 1 to {limits.MaxRuns} runs to export");
        }

        var full = Path.GetFullPath(path);
        if (!Directory.Exists(Path.GetDirectoryName(full)))
        {
            return BundleOutcome.Refused($"{path}: its directory does not exist");
        }

        var temporary = $"{full}.{Guid.NewGuid():N}.tmp";
        try
        {
            var entries = new List<BundleEntry>();
            var absent = new List<string>();
            var hashes = new List<string>();
            string manifestHash;
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            await using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
            {
                foreach (var id in ids)
                {
                    var run = await stores.Visible.GetAsync(id, cancellationToken);
                    if (run is null)
                    {
                        return BundleOutcome.Refused($"no run with id '{id}'");
                    }

                    if (!RunLifecycle.IsTerminal(run.State))
                    {
                        return BundleOutcome.Refused($"run {id} is {run.State.ToString().ToLowerInvariant()}: only finished runs are exported");
                    }

                    var provenance = await stores.Provenance.GetProvenanceAsync(id, cancellationToken)
                        ?? throw new Domain.Errors.QxmException($"run {id} has no provenance record although it exists");
                    var records = await stores.Records.ReadRunRecordsAsync(id, cancellationToken)
                        ?? throw new Domain.Errors.QxmException($"run {id} has no rows although it exists");
                    var audit = await stores.AuditLog.ListAsync(new AuditQuery(RunId: id, Limit: 10_000), cancellationToken);
                    await WriteAsync(zip, entries, $"runs/{id}/records.json", JsonSerializer.SerializeToUtf8Bytes(records, BundleJson.Options), cancellationToken);
                    await WriteAsync(zip, entries, $"runs/{id}/provenance.json", JsonSerializer.SerializeToUtf8Bytes(provenance, BundleJson.Options), cancellationToken);
                    await WriteAsync(zip, entries, $"runs/{id}/audit.json", JsonSerializer.SerializeToUtf8Bytes(audit, BundleJson.Options), cancellationToken);
                    hashes.AddRange(provenance.Artifacts.Where(a => a.Stored).Select(a => a.Hash));
                }

                foreach (var hash in hashes.Distinct(StringComparer.Ordinal))
                {
                    if (await stores.Artifacts.GetAsync(hash, cancellationToken) is { } bytes)
                    {
                        await WriteAsync(zip, entries, $"artifacts/{hash}", bytes, cancellationToken);
                    }
                    else
                    {
                        absent.Add(hash);
                    }
                }

                var manifest = JsonSerializer.SerializeToUtf8Bytes(
                    new BundleManifest(Format, time.GetUtcNow(), HostFacts.Current.QxmVersion, ids, entries, absent), BundleJson.Options);
                await WriteAsync(zip, null, ManifestPath, manifest, cancellationToken);
                manifestHash = Sha256(manifest);
            }

            File.Move(temporary, full, overwrite: true);
            var artifacts = entries.Count(e => e.Path.StartsWith("artifacts/", StringComparison.Ordinal));
            await stores.AuditTrail.AppendAsync(new AuditEntry(stores.Actor, null, null, "bundle.exported", "bundle", manifestHash,
                Detail: $"{ids.Count} runs, {artifacts} artifacts: {Listing(ids)}"), cancellationToken);
            return new BundleOutcome(null, ids, artifacts, ManifestSha256: manifestHash);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static async Task WriteAsync(ZipArchive zip, List<BundleEntry>? entries, string path, byte[] bytes, CancellationToken cancellationToken)
    {
        var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
        await using (var stream = await entry.OpenAsync(cancellationToken))
        {
            await stream.WriteAsync(bytes, cancellationToken);
        }

        entries?.Add(new BundleEntry(path, Sha256(bytes), bytes.LongLength));
    }

    private static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static string Listing(IReadOnlyList<string> ids) => ids.Count <= 5 ? string.Join(", ", ids) : string.Join(", ", ids.Take(5)) + ", ...";

    [GeneratedRegex("^(runs/[A-Za-z0-9_-]{1,100}/(records|provenance|audit)\\.json|artifacts/[0-9a-f]{64})$", RegexOptions.CultureInvariant)]
    private static partial Regex EntryPath();
}
