namespace Qxm.Engine.Bundles;

/// <summary><c>manifest.json</c>: what the bundle holds, every other entry with its SHA-256 and size.</summary>
/// <param name="Format"><see cref="BundleService.Format"/>.</param>
/// <param name="Runs">The runs exported, in the order asked.</param>
/// <param name="Absent">Artifacts the runs reference that the exporting store no longer held (raw answers a retention
/// policy deleted); an import restores the runs without them.</param>
public sealed record BundleManifest(
    string Format, DateTimeOffset CreatedAt, string QxmVersion, IReadOnlyList<string> Runs, IReadOnlyList<BundleEntry> Entries,
    IReadOnlyList<string> Absent);
