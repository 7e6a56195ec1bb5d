namespace Qxm.Engine.Bundles;

/// <summary>What an export or import did, or why it did nothing.</summary>
/// <param name="Error">One line naming what was refused (the bad entry of an altered bundle, a run not found); null on success.</param>
/// <param name="Runs">Exported: the runs written. Imported: the runs new to this installation (none for a bundle imported before).</param>
/// <param name="AlreadyPresent">Imported: runs of the bundle this installation already had, left as they were.</param>
/// <param name="ManifestSha256">The SHA-256 of the bundle's manifest: the bundle's identity in the audit chain.</param>
public sealed record BundleOutcome(
    string? Error, IReadOnlyList<string> Runs, int Artifacts = 0, int AlreadyPresent = 0, string? ManifestSha256 = null)
{
    public static BundleOutcome Refused(string error) => new(error, []);
}
