namespace Qxm.Engine.Persistence;

/// <param name="Restored">The runs that were new here.</param>
/// <param name="Error">Why nothing was restored: a record that does not fit this store's tables; null when it went in.</param>
public sealed record BundleRestore(IReadOnlyList<string> Restored, string? Error = null);
