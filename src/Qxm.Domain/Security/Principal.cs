namespace Qxm.Domain.Security;

/// <summary>Who calls: a user or service with a stable <paramref name="Name"/>, one role, and the tenants it belongs to
/// (the first is where it acts unless it names another of them).</summary>
public sealed record Principal(string Name, Role Role, IReadOnlyList<string> Tenants)
{
    /// <summary>The embedded CLI's caller: whoever can open the data directory already owns everything in it. Named
    /// <c>cli</c>, the actor its changes have always been recorded under.</summary>
    public static Principal LocalAdmin { get; } = new("cli", Role.Admin, [Tenancy.Tenant.DefaultId]);

    public bool Holds(Permission permission) => RolePermissions.Grants(Role, permission);

    public bool BelongsTo(string tenant) => Tenants.Contains(tenant, StringComparer.Ordinal);
}
