using Qxm.Backends.Vendors;
using Qxm.Tests.Shared;

namespace Qxm.Engine.Tests.Vendors.Braket;

/// <summary>One s3rver per test class, where the fake Braket writes results and the adapter reads them. Without node or
/// s3rver the class's tests are skipped with the reason (a failure under QXM_REQUIRE_S3=1).</summary>
public sealed class BraketFixture : IAsyncLifetime
{
    internal TestS3Server? S3 { get; private set; }

    private string? SkipReason { get; set; }

    public async Task InitializeAsync()
    {
        try
        {
            S3 = await TestS3Server.StartAsync();
        }
        catch (SkipException e)
        {
            SkipReason = e.Message;
        }
    }

    public async Task DisposeAsync()
    {
        if (S3 is not null)
        {
            await S3.DisposeAsync();
        }
    }

    /// <summary>A fake Braket over this class's s3rver; skips the test when there is none.</summary>
    internal async Task<FakeBraketServer> StartAsync(TimeProvider clock)
    {
        Skip.If(S3 is null, SkipReason);
        return await FakeBraketServer.StartAsync(clock, S3!.Endpoint);
    }

    /// <summary>The adapter's options for <paramref name="device"/> on the fake, with AWS's variables as its credentials.</summary>
    internal RemoteBackendOptions Options(FakeBraketServer server, string id, string device) =>
        new(id, RemoteBackendOptions.Braket, device, server.Endpoint, VendorCredential.FromEnvironment("AWS_ACCESS_KEY_ID", name => name switch
        {
            "AWS_ACCESS_KEY_ID" => server.KeyId,
            "AWS_SECRET_ACCESS_KEY" => server.Secret,
            "AWS_SESSION_TOKEN" => server.SessionToken,
            _ => null,
        }))
        {
            Bucket = FakeBraketServer.Bucket, StorageEndpoint = S3!.Endpoint,
        };
}
