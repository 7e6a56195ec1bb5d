using Qxm.Domain.Tenancy;

namespace Qxm.Engine.Api;

/// <param name="Actor">Who submits, recorded in the run's history.</param>
/// <param name="BaseDirectory">Where the circuit's own includes are read from, when <paramref name="Includes"/> is null.</param>
/// <param name="Includes">Texts of the non-standard includes the circuit reads, by name as written.</param>
/// <param name="Tenant">The tenant the run belongs to.</param>
/// <param name="IdempotencyKey">The client's key for this submission: submitting again with the same key returns the same run.</param>
public sealed record SubmitOptions(
    string Actor = "cli",
    string? BaseDirectory = null,
    IReadOnlyDictionary<string, string>? Includes = null,
    string Tenant = Tenant.DefaultId,
    string? IdempotencyKey = null);
