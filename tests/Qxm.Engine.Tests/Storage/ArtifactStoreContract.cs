using System.Security.Cryptography;
using System.Text;
using Qxm.Engine.Persistence;

namespace Qxm.Engine.Tests.Storage;

/// <summary>What every artifact store must do: content addressing, idempotent puts, unknown and malformed hashes read as
/// nothing, and retention's delete of an orphan only when it is untouched and still unreferenced.</summary>
public abstract class ArtifactStoreContract : IAsyncLifetime
{
    protected abstract IArtifactStore Store { get; }

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    [SkippableFact]
    public async Task Put_ReturnsSha256AndContentReadsBack()
    {
        var bytes = Encoding.UTF8.GetBytes("OPENQASM 2.0; " + Guid.NewGuid());

        var hash = await Store.PutAsync(bytes, default);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), hash);
        Assert.Equal(bytes, await Store.GetAsync(hash, default));
        Assert.Equal(hash, await Store.PutAsync(bytes, default));
        Assert.Equal(bytes, await Store.GetAsync(hash, default));
    }

    [SkippableFact]
    public async Task Size_StoredArtifact_IsItsLength_UnknownOrMalformed_IsNull()
    {
        var inventory = (IArtifactInventory)Store;
        var bytes = Encoding.UTF8.GetBytes("size " + Guid.NewGuid());

        var hash = await Store.PutAsync(bytes, default);

        Assert.Equal(bytes.Length, await inventory.SizeAsync(hash, default));
        Assert.Null(await inventory.SizeAsync(new string('0', 64), default));
        Assert.Null(await inventory.SizeAsync("../etc/passwd", default));
    }

    [SkippableFact]
    public async Task Put_LargeAndEmptyContent_RoundTrip()
    {
        var large = RandomNumberGenerator.GetBytes(3 * 1024 * 1024);

        Assert.Equal(large, await Store.GetAsync(await Store.PutAsync(large, default), default));
        Assert.Empty((await Store.GetAsync(await Store.PutAsync(Array.Empty<byte>(), default), default))!);
    }

    [SkippableTheory]
    [InlineData("")]
    [InlineData("../../etc/passwd")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("ABCDEF0000000000000000000000000000000000000000000000000000000000")]
    public async Task Get_UnknownOrMalformedHash_ReturnsNull(string hash) => Assert.Null(await Store.GetAsync(hash, default));

    [SkippableFact]
    public async Task DeleteIfOrphaned_OnlyAnUntouchedUnreferencedArtifact()
    {
        var pruning = (IArtifactPruning)Store;
        var hash = await Store.PutAsync(Encoding.UTF8.GetBytes("orphan " + Guid.NewGuid()), default);
        var later = DateTimeOffset.UtcNow.AddMinutes(5);

        Assert.False(await pruning.DeleteIfOrphanedAsync(hash, DateTimeOffset.UtcNow.AddMinutes(-5), _ => Task.FromResult(true), default));
        Assert.False(await pruning.DeleteIfOrphanedAsync(hash, later, _ => Task.FromResult(false), default));
        Assert.NotNull(await Store.GetAsync(hash, default));
        Assert.True(await pruning.DeleteIfOrphanedAsync(hash, later, _ => Task.FromResult(true), default));
        Assert.Null(await Store.GetAsync(hash, default));
        Assert.False(await pruning.DeleteIfOrphanedAsync(hash, later, _ => Task.FromResult(true), default));
    }
}
