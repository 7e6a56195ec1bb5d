using System.IO.Compression;
using System.Text.Json;
using Qxm.Engine;
using Qxm.Engine.Bundles;
using Qxm.Engine.Persistence;
using Qxm.Server.Json;
using Qxm.Server.Composition;
using Qxm.Server.Tests.Support;
using Qxm.Tests.Shared;

namespace Qxm.Server.Tests.Cli.Commands;

/// <summary>qxm export and qxm import between two data directories: the imported run's provenance is the original's
/// byte for byte, a second import changes nothing, an altered bundle is refused naming the entry, limits fire first.</summary>
public sealed class BundleCommandTests
{
    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ExportThenImport_AnotherInstallation_ProvenanceIdenticalAndIdempotent(bool intoPostgres)
    {
        string? store = null;
        if (intoPostgres)
        {
            TestPostgres.SkipUnlessAvailable();
            store = await TestPostgres.CreateDatabaseAsync();
        }

        try
        {
            using var source = new TempDirectory();
            using var target = new TempDirectory();
            string[] into = store is null ? ["--home", target.Path] : ["--home", target.Path, "--store", store];
            var id = await RunBellAsync(source.Path);
            var bundle = Path.Combine(source.Path, "bundle.zip");

            var exported = await CliOutcome.RunAsync("export", id, "--to", bundle, "--home", source.Path);
            var imported = await CliOutcome.RunAsync(["import", bundle, .. into]);
            var again = await CliOutcome.RunAsync(["import", bundle, "-o", "json", .. into]);

            Assert.True(exported.ExitCode == 0, exported.ToString());
            Assert.True(imported.ExitCode == 0, imported.ToString());
            Assert.Contains("imported 1 runs (0 already here)", imported.Stdout, StringComparison.Ordinal);
            using var second = JsonDocument.Parse(again.Stdout);
            Assert.Equal((0, 1), (second.RootElement.GetProperty("runs").GetArrayLength(), second.RootElement.GetProperty("alreadyPresent").GetInt32()));
            await using (var from = await QxmRuntime.OpenAsync(source.Path, new EngineOptions(), default))
            await using (var to = await QxmRuntime.OpenAsync(target.Path, new EngineOptions(), default, store))
            {
                var original = await from.Engine.ProvenanceFor(from.Service, null).GetProvenanceAsync(id, default);
                var restored = await to.Engine.ProvenanceFor(to.Service, null).GetProvenanceAsync(id, default);
                Assert.NotNull(restored);
                Assert.Equal(JsonSerializer.Serialize(original, ApiJson.Options), JsonSerializer.Serialize(restored, ApiJson.Options));
                Assert.Empty(restored.Missing);
                Assert.Equal(
                    JsonSerializer.Serialize(await from.Service.GetResultAsync(id, default), ApiJson.Options),
                    JsonSerializer.Serialize(await to.Service.GetResultAsync(id, default), ApiJson.Options));
                var verification = await to.Audit.VerifyAsync(default);
                Assert.True(verification.Intact, verification.Summary);
                Assert.Single(await to.Audit.ListAsync(new AuditQuery(Action: "bundle.imported"), default));
                Assert.Single(await from.Audit.ListAsync(new AuditQuery(Action: "bundle.exported"), default));
            }
        }
        finally
        {
            if (store is not null)
            {
                await TestPostgres.DropDatabaseAsync(store);
            }
        }
    }

    [Fact]
    public async Task Import_AlteredEntry_RefusedNamingItAndNothingImported()
    {
        using var source = new TempDirectory();
        using var target = new TempDirectory();
        var id = await RunBellAsync(source.Path);
        var bundle = Path.Combine(source.Path, "bundle.zip");
        Assert.Equal(0, (await CliOutcome.RunAsync("export", id, "--to", bundle, "--home", source.Path)).ExitCode);
        string altered;
        using (var zip = ZipFile.Open(bundle, ZipArchiveMode.Update))
        {
            var entry = zip.Entries.First(e => e.FullName.StartsWith("artifacts/", StringComparison.Ordinal));
            altered = entry.FullName;
            using var stream = entry.Open();
            stream.Position = 0;
            stream.WriteByte((byte)'#');
        }

        var refused = await CliOutcome.RunAsync("import", bundle, "--home", target.Path);
        var listed = await CliOutcome.RunAsync("status", "--home", target.Path, "-o", "json");

        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Single(refused.StderrLines);
        Assert.Contains($"entry '{altered}' does not match its SHA-256 in the manifest", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, JsonDocument.Parse(listed.Stdout).RootElement.GetArrayLength());
        Assert.False(Directory.Exists(Path.Combine(target.Path, "artifacts")) && Directory.EnumerateFiles(Path.Combine(target.Path, "artifacts"), "*", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public async Task Import_ZipBombAndTooManyEntries_RefusedBeforeDecompressing()
    {
        using var home = new TempDirectory();
        var bomb = Path.Combine(home.Path, "bomb.zip");
        using (var zip = ZipFile.Open(bomb, ZipArchiveMode.Create))
        {
            await using var stream = zip.CreateEntry("artifacts/" + new string('0', 64), CompressionLevel.SmallestSize).Open();
            await stream.WriteAsync(new byte[8 << 20]);
        }

        var crowded = Path.Combine(home.Path, "crowded.zip");
        using (var zip = ZipFile.Open(crowded, ZipArchiveMode.Create))
        {
            for (var i = 0; i < 40; i++)
            {
                zip.CreateEntry($"runs/r-{i}/audit.json");
            }
        }

        await using var runtime = await QxmRuntime.OpenAsync(home.Path, new EngineOptions(), default);
        var bundles = runtime.BundlesFor(runtime.Service, null, "test",
            new BundleLimits { MaxEntries = 32, MaxEntryBytes = 1 << 20, MaxTotalBytes = 4 << 20, MaxBundleBytes = 1 << 20 });

        Assert.Contains("entry 'artifacts/0000", (await bundles.ImportAsync(bomb, default)).Error, StringComparison.Ordinal);
        Assert.Contains("40 entries; the limit is 32", (await bundles.ImportAsync(crowded, default)).Error, StringComparison.Ordinal);
        Assert.Empty(await runtime.Service.ListAsync(new RunQuery(), default));
    }

    [Fact]
    public async Task Import_EntryLyingAboutItsSize_IsCutOffAtTheManifestSize()
    {
        using var home = new TempDirectory();
        var content = new byte[4 << 20];
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));
        var path = Path.Combine(home.Path, "liar.zip");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            await using (var stream = zip.CreateEntry("artifacts/" + hash, CompressionLevel.SmallestSize).Open())
            {
                await stream.WriteAsync(content);
            }

            var manifest = new BundleManifest(BundleService.Format, DateTimeOffset.UnixEpoch, "0", ["r-x"], [new BundleEntry("artifacts/" + hash, hash, 100)], []);
            await using var written = zip.CreateEntry("manifest.json").Open();
            await JsonSerializer.SerializeAsync(written, manifest, ApiJson.Options);
        }

        // The zip's own records now say 100 bytes as well, as a hostile bundle's would.
        var bytes = await File.ReadAllBytesAsync(path);
        for (var i = 0; i + 46 < bytes.Length; i++)
        {
            var signature = BitConverter.ToUInt32(bytes, i);
            var local = signature == 0x04034b50;
            if ((local || signature == 0x02014b50) && System.Text.Encoding.ASCII.GetString(bytes, i + (local ? 30 : 46), 10) == "artifacts/")
            {
                BitConverter.GetBytes(100u).CopyTo(bytes, i + (local ? 22 : 24));
            }
        }

        await File.WriteAllBytesAsync(path, bytes);
        await using var runtime = await QxmRuntime.OpenAsync(home.Path, new EngineOptions(), default);

        var outcome = await runtime.BundlesFor(runtime.Service, null, "test").ImportAsync(path, default);

        Assert.Contains($"entry 'artifacts/{hash}'", outcome.Error, StringComparison.Ordinal);
        Assert.Null(await runtime.Artifacts.GetAsync(hash, default));
    }

    [Fact]
    public async Task Export_UnknownRun_ExitsThree_OverServer_IsAUsageError()
    {
        using var home = new TempDirectory();

        var unknown = await CliOutcome.RunAsync("export", "r-00000000000000000000000000000000", "--to", Path.Combine(home.Path, "b.zip"), "--home", home.Path);
        var remote = await CliOutcome.RunAsync("import", "b.zip", "--server", "http://127.0.0.1:9");

        var id = await RunBellAsync(home.Path);
        var nowhere = await CliOutcome.RunAsync("export", id, "--to", Path.Combine(home.Path, "missing", "b.zip"), "--home", home.Path);
        var notZip = Path.Combine(home.Path, "not.zip");
        File.WriteAllText(notZip, "hello");
        var garbage = await CliOutcome.RunAsync("import", notZip, "--home", home.Path);

        Assert.True(unknown.ExitCode == 3, unknown.ToString());
        Assert.True(nowhere.ExitCode == 2 && nowhere.StderrLines.Count == 1, nowhere.ToString());
        Assert.True(garbage.ExitCode == 2 && garbage.StderrLines.Count == 1, garbage.ToString());
        Assert.Contains("not a bundle", garbage.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(home.Path, "b.zip")));
        Assert.True(remote.ExitCode == 2, remote.ToString());
    }

    private static async Task<string> RunBellAsync(string home)
    {
        var run = await CliOutcome.RunAsync("run", Repository.Example("bell.yaml"), "--home", home, "-o", "json");
        Assert.True(run.ExitCode == 0, run.ToString());
        return JsonDocument.Parse(run.Stdout).RootElement.GetProperty("run").GetProperty("id").GetString()!;
    }
}
