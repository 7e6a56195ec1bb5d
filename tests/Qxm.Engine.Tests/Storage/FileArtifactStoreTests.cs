using Qxm.Engine.Persistence;
using Qxm.Storage.Artifacts;

namespace Qxm.Engine.Tests.Storage;

public sealed class FileArtifactStoreTests : ArtifactStoreContract
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "qxm-art-" + Guid.NewGuid().ToString("N"));
    private FileArtifactStore? _store;

    protected override IArtifactStore Store => _store!;

    public override Task InitializeAsync()
    {
        _store = new FileArtifactStore(_directory);
        return Task.CompletedTask;
    }

    public override Task DisposeAsync()
    {
        Assert.Empty(Directory.GetFiles(_directory, "*.tmp", SearchOption.AllDirectories));
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }
}
