namespace Qxm.Engine.Bundles;

/// <param name="Path"><c>runs/ID/records.json</c>, <c>runs/ID/provenance.json</c>, <c>runs/ID/audit.json</c> or <c>artifacts/HASH</c>.</param>
/// <param name="Sha256">Lowercase hex of the entry's bytes.</param>
public sealed record BundleEntry(string Path, string Sha256, long Size);
