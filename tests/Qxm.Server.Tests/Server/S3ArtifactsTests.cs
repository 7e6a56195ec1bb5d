using System.Net.Http.Json;
using System.Text;
using Qxm.Domain.Runs;
using Qxm.Server.Json;
using Qxm.Server.Tests.Support;
using Qxm.Storage.Artifacts;
using Qxm.Tests.Shared;

namespace Qxm.Server.Tests.Server;

/// <summary>Two <c>qxm serve</c> instances with separate data directories, one PostgreSQL store and artifacts in S3: the
/// API-only instance stores the circuit, the worker instance the result, and both are in the bucket, none on disk.</summary>
public sealed class S3ArtifactsTests
{
    [SkippableFact]
    public async Task TwoInstances_NoSharedDirectory_ShareArtifactsThroughS3()
    {
        TestPostgres.SkipUnlessAvailable();
        await using var s3 = await TestS3Server.StartAsync();
        var store = await TestPostgres.CreateDatabaseAsync();
        try
        {
            using var apiHome = new TempDirectory();
            using var workerHome = new TempDirectory();
            using var keys = new TempDirectory();
            var prefix = "shared/" + Guid.NewGuid().ToString("N");
            var environment = new Dictionary<string, string>
            {
                ["QXM_S3_ENDPOINT"] = s3!.Endpoint.ToString(), ["AWS_ACCESS_KEY_ID"] = "S3RVER", ["AWS_SECRET_ACCESS_KEY"] = "S3RVER",
            };
            string[] common = ["--store", store, "--artifacts", $"s3://qxm-shared/{prefix}", "--audit-key", Path.Combine(keys.Path, "audit.key")];
            var key = await ServeProcess.CreateAdminKeyAsync(apiHome.Path, store);
            using var api = await ServeProcess.StartAsync(apiHome.Path, "Warning", environment, [.. common, "--no-workers"]);
            using var worker = await ServeProcess.StartAsync(workerHome.Path, "Warning", environment, common);
            using var client = api.ClientWith(key);

            using var response = await client.PostAsync("/api/v1/runs", new StringContent(Experiments.Json(Experiments.BellCircuit), Encoding.UTF8, "application/json"));
            var run = (await response.Content.ReadFromJsonAsync<Run>(ApiJson.Options))!;
            await Eventually.WaitForAsync(
                async () => (await client.GetFromJsonAsync<Run>($"/api/v1/runs/{run.Id}", ApiJson.Options))!.State, s => s == RunState.Succeeded,
                "the worker instance to run it", TimeSpan.FromSeconds(60));
            var provenance = await client.GetFromJsonAsync<Qxm.Domain.Provenance.RunProvenance>($"/api/v1/runs/{run.Id}/provenance", ApiJson.Options);

            using var bucket = new S3ArtifactStore(s3.Options("qxm-shared", prefix));
            foreach (var artifact in provenance!.Artifacts.Where(a => a.Stored))
            {
                Assert.NotNull(await bucket.GetAsync(artifact.Hash, default));
            }

            Assert.Contains(provenance.Artifacts, a => a.Role == "source");
            Assert.Contains(provenance.Artifacts, a => a.Role == "result");
            foreach (var home in new[] { apiHome.Path, workerHome.Path })
            {
                var local = Path.Combine(home, "artifacts");
                Assert.False(Directory.Exists(local) && Directory.EnumerateFiles(local, "*", SearchOption.AllDirectories).Any(), $"artifacts on disk in {home}");
            }
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(store);
        }
    }
}
