using System.Collections.Frozen;

namespace Qxm.Domain.Security;

/// <summary>The role table: which permissions each role holds. The one place that says it.</summary>
public static class RolePermissions
{
    private static readonly FrozenDictionary<Role, FrozenSet<Permission>> Table = new Dictionary<Role, FrozenSet<Permission>>
    {
        [Role.Viewer] = new[] { Permission.Read }.ToFrozenSet(),
        [Role.Submitter] = new[] { Permission.Read, Permission.Submit, Permission.CancelOwnRun }.ToFrozenSet(),
        [Role.Operator] = new[] { Permission.Read, Permission.Submit, Permission.CancelOwnRun, Permission.CancelAnyRun, Permission.Reserve }.ToFrozenSet(),
        [Role.Admin] = Enum.GetValues<Permission>().ToFrozenSet(),
    }.ToFrozenDictionary();

    public static bool Grants(Role role, Permission permission) => Table.TryGetValue(role, out var granted) && granted.Contains(permission);

    public static IReadOnlySet<Permission> Of(Role role) => Table.TryGetValue(role, out var granted) ? granted : FrozenSet<Permission>.Empty;

    /// <summary>The least role that holds <paramref name="permission"/>.</summary>
    public static Role LeastRoleFor(Permission permission) => Enum.GetValues<Role>().First(r => Grants(r, permission));
}
