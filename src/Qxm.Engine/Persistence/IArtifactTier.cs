namespace Qxm.Engine.Persistence;

/// <summary>One tier of artifact storage as retention needs it (the directory or an S3 bucket): read, write, size and a
/// delete that is safe against a concurrent put of the same bytes.</summary>
public interface IArtifactTier : IArtifactStore, IArtifactPruning, IArtifactInventory;
