namespace Qxm.Engine.Api;

/// <param name="Actor">Who submits, recorded in the run's history.</param>
/// <param name="Includes">Texts of the non-standard includes the circuit reads, by name as written.
/// Null lets the engine read them relative to <paramref name="BaseDirectory"/>.</param>
public sealed record SubmitOptions(string Actor = "cli", string? BaseDirectory = null, IReadOnlyDictionary<string, string>? Includes = null);
