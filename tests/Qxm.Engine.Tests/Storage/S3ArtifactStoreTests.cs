using Qxm.Engine.Persistence;
using Qxm.Storage.Artifacts;
using Qxm.Tests.Shared;

namespace Qxm.Engine.Tests.Storage;

/// <summary>The artifact contract against a real S3-compatible server (s3rver on a loopback port, its own directory).</summary>
public sealed class S3ArtifactStoreTests : ArtifactStoreContract, IDisposable
{
    private TestS3Server? _server;
    private S3ArtifactStore? _store;

    protected override IArtifactStore Store => _store!;

    public override async Task InitializeAsync()
    {
        _server = await TestS3Server.StartAsync();
        if (_server is null)
        {
            return;
        }

        _store = new S3ArtifactStore(_server.Options("qxm-artifacts", "contract/" + Guid.NewGuid().ToString("N")));
        await _store.EnsureBucketAsync(default);
    }

    public void Dispose() => _store?.Dispose();

    public override async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [SkippableFact]
    public void Parse_Location_ReadsBucketPrefixAndEnvironment()
    {
        var environment = new Dictionary<string, string> { ["QXM_S3_ENDPOINT"] = "http://127.0.0.1:9000", ["AWS_ACCESS_KEY_ID"] = "k", ["AWS_SECRET_ACCESS_KEY"] = "s" };
        var (options, error) = S3ArtifactOptions.Parse("s3://qxm-data/runs/artifacts/", environment.GetValueOrDefault);

        Assert.Null(error);
        Assert.Equal(new S3ArtifactOptions("qxm-data", "runs/artifacts", new Uri("http://127.0.0.1:9000"), "us-east-1", "k", "s"), options);
        Assert.Contains("bucket name", S3ArtifactOptions.Parse("s3://Bad_Bucket", _ => null).Error, StringComparison.Ordinal);
        Assert.Contains("not an s3://", S3ArtifactOptions.Parse("/data/artifacts", _ => null).Error, StringComparison.Ordinal);
    }
}
