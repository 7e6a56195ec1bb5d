using System.Security.Cryptography;
using System.Text;
using Qxm.Storage.Artifacts;

namespace Qxm.Engine.Tests.Storage;

public sealed class FileArtifactStoreTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "qxm-art-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Put_ReturnsSha256AndContentReadsBack()
    {
        var store = new FileArtifactStore(_directory);
        var bytes = Encoding.UTF8.GetBytes("OPENQASM 2.0;");

        var hash = await store.PutAsync(bytes, default);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), hash);
        Assert.Equal(bytes, await store.GetAsync(hash, default));
        Assert.Equal(hash, await store.PutAsync(bytes, default));
        Assert.Empty(Directory.GetFiles(_directory, "*.tmp", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("")]
    [InlineData("../../etc/passwd")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    public async Task Get_UnknownOrMalformedHash_ReturnsNull(string hash) =>
        Assert.Null(await new FileArtifactStore(_directory).GetAsync(hash, default));

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
