namespace Qxm.Engine.Bundles;

/// <summary>Bounds a bundle must keep, checked before the work they bound: the file's size before it is opened, the entry
/// count and every declared size before anything is decompressed, each entry's real size while it is read (a zip may
/// lie about sizes), so a hostile bundle costs at most these.</summary>
public sealed record BundleLimits
{
    /// <summary>The bundle file, compressed (default 2 GiB).</summary>
    public long MaxBundleBytes { get; init; } = 2L << 30;

    /// <summary>Entries in the bundle (default 200,000).</summary>
    public int MaxEntries { get; init; } = 200_000;

    /// <summary>One entry decompressed (default 256 MiB).</summary>
    public long MaxEntryBytes { get; init; } = 256L << 20;

    /// <summary>All entries decompressed together (default 8 GiB).</summary>
    public long MaxTotalBytes { get; init; } = 8L << 30;

    /// <summary>Runs one export may name (default 10,000).</summary>
    public int MaxRuns { get; init; } = 10_000;

    public void Validate()
    {
        if (MaxBundleBytes < 1024 || MaxEntries < 2 || MaxEntryBytes < 1024 || MaxTotalBytes < MaxEntryBytes || MaxRuns < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BundleLimits), "bundle limits must allow at least one small run");
        }
    }
}
