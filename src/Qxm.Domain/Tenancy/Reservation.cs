namespace Qxm.Domain.Tenancy;

/// <summary>A backend time window [Start, End) owned by a tenant: during it only the holder's runs dispatch there.</summary>
public sealed record Reservation(string Id, string Backend, string Tenant, DateTimeOffset Start, DateTimeOffset End)
{
    public bool IsActiveAt(DateTimeOffset now) => Start <= now && now < End;

    public bool Overlaps(Reservation other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Backend == other.Backend && Start < other.End && other.Start < End;
    }
}
