using Qxm.Domain.Security;
using Qxm.Engine.Security;

namespace Qxm.Engine.Tests.Security;

public sealed class AccessPolicyTests
{
    private static Caller As(Role role, string name = "p", string tenant = "alpha") => new(new Principal(name, role, ["alpha", "gamma"]), tenant);

    [Theory]
    [InlineData(Role.Viewer, new[] { Permission.Read })]
    [InlineData(Role.Submitter, new[] { Permission.Read, Permission.Submit, Permission.CancelOwnRun })]
    [InlineData(Role.Operator, new[] { Permission.Read, Permission.Submit, Permission.CancelOwnRun, Permission.CancelAnyRun, Permission.Reserve })]
    [InlineData(Role.Admin, new[] { Permission.Read, Permission.Submit, Permission.CancelOwnRun, Permission.CancelAnyRun, Permission.Reserve, Permission.ManageTenants, Permission.ManageKeys, Permission.ReadAudit })]
    public void Decide_NoObject_AllowsExactlyTheRolesPermissions(Role role, Permission[] granted)
    {
        foreach (var permission in Enum.GetValues<Permission>())
        {
            var expected = granted.Contains(permission) ? AccessDecision.Allow : AccessDecision.Forbid;
            Assert.Equal(expected, AccessPolicy.Decide(As(role), permission));
        }
    }

    [Theory]
    [InlineData(Role.Viewer)]
    [InlineData(Role.Submitter)]
    [InlineData(Role.Operator)]
    [InlineData(Role.Admin)]
    public void Decide_ObjectOfAnotherTenant_IsHiddenWhateverTheRoleOrPermission(Role role)
    {
        foreach (var permission in Enum.GetValues<Permission>())
        {
            Assert.Equal(AccessDecision.Hide, AccessPolicy.Decide(As(role), permission, objectTenant: "beta", objectOwner: "p"));
        }
    }

    [Fact]
    public void Decide_CancelAnothersRun_SubmitterForbiddenOperatorAllowed()
    {
        Assert.Equal(AccessDecision.Allow, AccessPolicy.Decide(As(Role.Submitter), Permission.CancelOwnRun, "alpha", "p"));
        Assert.Equal(AccessDecision.Forbid, AccessPolicy.Decide(As(Role.Submitter), Permission.CancelOwnRun, "alpha", "someone"));
        Assert.Equal(AccessDecision.Allow, AccessPolicy.Decide(As(Role.Operator), Permission.CancelOwnRun, "alpha", "someone"));
        Assert.Equal(AccessDecision.Forbid, AccessPolicy.Decide(As(Role.Viewer), Permission.CancelOwnRun, "alpha", "p"));
    }

    [Fact]
    public void SelectTenant_OwnTenantsOnly_ExceptForAdmins()
    {
        var operatorPrincipal = new Principal("op", Role.Operator, ["alpha", "gamma"]);
        var admin = new Principal("root", Role.Admin, ["alpha"]);

        Assert.Equal("alpha", AccessPolicy.SelectTenant(operatorPrincipal, null));
        Assert.Equal("gamma", AccessPolicy.SelectTenant(operatorPrincipal, "gamma"));
        Assert.Null(AccessPolicy.SelectTenant(operatorPrincipal, "beta"));
        Assert.Null(AccessPolicy.SelectTenant(new Principal("lost", Role.Viewer, []), null));
        Assert.Equal("beta", AccessPolicy.SelectTenant(admin, "beta"));
    }

    [Fact]
    public void RolePermissions_EachRoleHoldsThePreviousRolesPermissions()
    {
        var roles = Enum.GetValues<Role>().Order().ToList();
        for (var i = 1; i < roles.Count; i++)
        {
            Assert.Superset(new HashSet<Permission>(RolePermissions.Of(roles[i - 1])), new HashSet<Permission>(RolePermissions.Of(roles[i])));
        }
    }

    [Fact]
    public void ApiKeyFormat_GeneratedKeysParseAndCarry256BitSecrets()
    {
        var keys = Enumerable.Range(0, 50).Select(_ => ApiKeyFormat.Generate()).ToList();

        Assert.Equal(50, keys.Select(k => k.Id).Distinct().Count());
        foreach (var (id, secret) in keys)
        {
            var text = ApiKeyFormat.Compose(id, secret);
            Assert.StartsWith("qxm_", text, StringComparison.Ordinal);
            Assert.True(ApiKeyFormat.TryParse(text, out var parsedId, out var parsedSecret));
            Assert.Equal((id, secret), (parsedId, parsedSecret));
            Assert.Equal(32, Convert.FromBase64String(secret.Replace('-', '+').Replace('_', '/') + "=").Length);
        }

        Assert.False(ApiKeyFormat.TryParse("qxm_XYZ", out _, out _));
        Assert.False(ApiKeyFormat.TryParse("Bearer " + ApiKeyFormat.Compose(keys[0].Id, keys[0].Secret), out _, out _));
    }
}
