using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Qxm.Domain.Audit;
using Qxm.Engine.Audit;

namespace Qxm.Engine.Bundles;

public sealed partial class BundleService
{
    public async Task<BundleOutcome> ImportAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            return BundleOutcome.Refused($"{path}: no such file");
        }

        if (file.Length > limits.MaxBundleBytes)
        {
            return BundleOutcome.Refused($"{path}: the bundle is {file.Length} bytes; the limit is {limits.MaxBundleBytes}");
        }

        ZipArchive zip;
        try
        {
            zip = await ZipArchive.CreateAsync(file.OpenRead(), ZipArchiveMode.Read, leaveOpen: false, entryNameEncoding: null, cancellationToken);
        }
        catch (InvalidDataException e)
        {
            return BundleOutcome.Refused($"{path}: not a bundle (a zip file): {e.Message}");
        }

        await using (zip)
        {
            return await ImportAsync(path, zip, cancellationToken);
        }
    }

    private async Task<BundleOutcome> ImportAsync(string path, ZipArchive zip, CancellationToken cancellationToken)
    {
        // Every bound on what decompression could cost is checked on the central directory, before any entry is inflated.
        if (zip.Entries.Count > limits.MaxEntries)
        {
            return BundleOutcome.Refused($"{path}: {zip.Entries.Count} entries; the limit is {limits.MaxEntries}");
        }

        if (zip.Entries.FirstOrDefault(e => e.Length > limits.MaxEntryBytes) is { } huge)
        {
            return BundleOutcome.Refused($"{path}: entry '{huge.FullName}' is {huge.Length} bytes decompressed; the limit is {limits.MaxEntryBytes}");
        }

        if (zip.Entries.Sum(e => e.Length) > limits.MaxTotalBytes)
        {
            return BundleOutcome.Refused($"{path}: the entries decompress to more than {limits.MaxTotalBytes} bytes");
        }

        var byPath = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
        foreach (var entry in zip.Entries)
        {
            if (!byPath.TryAdd(entry.FullName, entry))
            {
                return BundleOutcome.Refused($"{path}: entry '{entry.FullName}' appears twice");
            }
        }

        if (!byPath.TryGetValue(ManifestPath, out var manifestEntry))
        {
            return BundleOutcome.Refused($"{path}: no {ManifestPath}: not a qxm bundle");
        }

        var (manifestBytes, manifestError) = await ReadAsync(manifestEntry, limits.MaxEntryBytes, cancellationToken);
        if (manifestBytes is null)
        {
            return BundleOutcome.Refused($"{path}: {ManifestPath}: {manifestError}");
        }

        BundleManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<BundleManifest>(manifestBytes, BundleJson.Options);
        }
        catch (JsonException e)
        {
            return BundleOutcome.Refused($"{path}: {ManifestPath}: {e.Message}");
        }

        if (manifest is not { Format: Format, Runs: not null, Entries: not null } || manifest.Runs.Count == 0)
        {
            return BundleOutcome.Refused($"{path}: {ManifestPath}: not a {Format} manifest naming its runs and entries");
        }

        var listed = new Dictionary<string, BundleEntry>(StringComparer.Ordinal);
        foreach (var entry in manifest.Entries)
        {
            if (entry?.Path is null || !EntryPath().IsMatch(entry.Path) || !listed.TryAdd(entry.Path, entry))
            {
                return BundleOutcome.Refused($"{path}: {ManifestPath} lists '{entry?.Path}', which is not a bundle entry's name or is listed twice");
            }
        }

        if (byPath.Keys.FirstOrDefault(p => p != ManifestPath && !listed.ContainsKey(p)) is { } unlisted)
        {
            return BundleOutcome.Refused($"{path}: entry '{unlisted}' is not in the manifest");
        }

        if (listed.Keys.FirstOrDefault(p => !byPath.ContainsKey(p)) is { } missing)
        {
            return BundleOutcome.Refused($"{path}: entry '{missing}' is listed in the manifest but missing");
        }

        var documents = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (name, expected) in listed)
        {
            var (bytes, error) = await ReadAsync(byPath[name], Math.Min(expected.Size, limits.MaxEntryBytes), cancellationToken);
            if (bytes is null || bytes.LongLength != expected.Size || Sha256(bytes) != expected.Sha256
                || (name.StartsWith("artifacts/", StringComparison.Ordinal) && Sha256(bytes) != name["artifacts/".Length..]))
            {
                return BundleOutcome.Refused($"{path}: entry '{name}' does not match its SHA-256 in the manifest{(error is null ? "" : $" ({error})")}: the bundle was altered");
            }

            if (!name.StartsWith("artifacts/", StringComparison.Ordinal))
            {
                documents[name] = bytes;
            }
        }

        var records = new List<JsonObject>();
        foreach (var runId in manifest.Runs.Distinct(StringComparer.Ordinal))
        {
            var (record, error) = ReadRun(runId, documents);
            if (record is null)
            {
                return BundleOutcome.Refused($"{path}: {error}");
            }

            records.Add(record);
        }

        // Checked whole: from here on, content-addressed bytes first, then every run in one transaction.
        var artifacts = 0;
        foreach (var name in listed.Keys.Where(n => n.StartsWith("artifacts/", StringComparison.Ordinal)))
        {
            var (bytes, _) = await ReadAsync(byPath[name], listed[name].Size, cancellationToken);
            if (bytes is null || await stores.Artifacts.PutAsync(bytes, cancellationToken) != name["artifacts/".Length..])
            {
                return BundleOutcome.Refused($"{path}: entry '{name}' changed while it was imported");
            }

            artifacts++;
        }

        var manifestHash = Sha256(manifestBytes);
        var restore = await stores.Records.RestoreRunRecordsAsync(records,
            new AuditEntry(stores.Actor, null, null, "bundle.imported", "bundle", manifestHash,
                Detail: $"{manifest.Runs.Count} runs, {artifacts} artifacts: {Listing(manifest.Runs)}"),
            cancellationToken);
        return restore.Error is { } refused
            ? BundleOutcome.Refused($"{path}: {refused}")
            : new BundleOutcome(null, restore.Restored, artifacts, manifest.Runs.Count - restore.Restored.Count, manifestHash);
    }

    /// <summary>A run's records, checked: they name the run, and each of its audit events hashes to its recorded hash.</summary>
    private static (JsonObject? Record, string? Error) ReadRun(string runId, Dictionary<string, byte[]> documents)
    {
        if (!documents.TryGetValue($"runs/{runId}/records.json", out var recordBytes) || !documents.TryGetValue($"runs/{runId}/audit.json", out var auditBytes))
        {
            return (null, $"run {runId} is named in the manifest but its records are not in the bundle");
        }

        try
        {
            if (JsonNode.Parse(recordBytes, documentOptions: new JsonDocumentOptions { MaxDepth = 16 }) is not JsonObject record)
            {
                return (null, $"runs/{runId}/records.json: not an object of tables");
            }

            var events = JsonSerializer.Deserialize<List<AuditEvent>>(auditBytes, BundleJson.Options) ?? [];
            foreach (var e in events)
            {
                if (e?.Entry is null || e.Entry.ObjectId != runId || AuditChain.Hash(e.Position, e.At, e.Entry, e.PreviousHash) != e.Hash)
                {
                    return (null, $"runs/{runId}/audit.json: the event at position {e?.Position} does not hash to its recorded hash or is not about the run");
                }
            }

            return (record, null);
        }
        catch (JsonException e)
        {
            return (null, $"run {runId}: {e.Message}");
        }
    }

    /// <summary>The entry's bytes, reading at most <paramref name="limit"/> of them whatever the zip declares; null with the
    /// reason when there are more, or the data is damaged.</summary>
    private static async Task<(byte[]? Bytes, string? Error)> ReadAsync(ZipArchiveEntry entry, long limit, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await entry.OpenAsync(cancellationToken);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return (null, $"more than {limit} bytes decompressed");
                }

                buffer.Write(chunk, 0, read);
            }

            return (buffer.ToArray(), null);
        }
        catch (InvalidDataException e)
        {
            return (null, e.Message);
        }
    }
}
