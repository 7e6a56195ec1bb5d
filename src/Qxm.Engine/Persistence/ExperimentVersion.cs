namespace Qxm.Engine.Persistence;

/// <summary>An immutable experiment version, identified by its fingerprint. <see cref="SpecJson"/> holds everything
/// a worker needs to run it again: the circuit source, the includes it read, parameters, shots, backend and seed.</summary>
public sealed record ExperimentVersion(string Fingerprint, string Name, string SpecJson, string CircuitArtifact, DateTimeOffset CreatedAt);
