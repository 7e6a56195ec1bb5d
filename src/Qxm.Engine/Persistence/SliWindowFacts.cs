using Qxm.Domain.Tenancy;

namespace Qxm.Engine.Persistence;

/// <summary>What the SLIs need of a window beside its finished runs: the reservations that overlap it, the drift events
/// detected in it per backend, and the refused requests in it per tenant (the empty string for callers with none).</summary>
public sealed record SliWindowFacts(
    IReadOnlyList<Reservation> Reservations,
    IReadOnlyDictionary<string, int> DriftEventsByBackend,
    IReadOnlyDictionary<string, int> DeniedByTenant)
{
    public static SliWindowFacts None { get; } = new([], new Dictionary<string, int>(), new Dictionary<string, int>());

    /// <summary>The reruns compared in the window, for the reproduce rate; empty where the store records none.</summary>
    public IReadOnlyList<ReproductionFact> Reproductions { get; init; } = [];
}
