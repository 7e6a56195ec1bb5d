namespace Qxm.Engine.Diagnostics;

/// <summary>The queue per backend and tenant at one moment, as the store reported it.</summary>
public sealed record QueueSample(IReadOnlyList<QueueSampleEntry> Entries)
{
    public static QueueSample Empty { get; } = new([]);
}
