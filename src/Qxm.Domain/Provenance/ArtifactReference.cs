namespace Qxm.Domain.Provenance;

/// <summary>One artifact a run used or produced, by content hash (lowercase hex SHA-256).</summary>
/// <param name="Role"><c>source</c>, <c>include</c>, <c>bound-circuit</c>, <c>result</c>, <c>calibration</c> or <c>raw-answer</c>.</param>
/// <param name="Name">What it is within its role: the include's name, the sweep point's index, the backend call.</param>
/// <param name="Stored">True when the bytes are in the artifact store under the hash; false for a hash computed over
/// content kept elsewhere (an include inside the experiment version, a bound circuit rebuilt from it).</param>
public sealed record ArtifactReference(string Role, string Name, string Hash, bool Stored);
