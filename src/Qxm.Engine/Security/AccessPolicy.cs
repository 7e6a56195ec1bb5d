using Qxm.Domain.Security;

namespace Qxm.Engine.Security;

/// <summary>The one authorization decision, pure: may this caller do this on this object. The API's middleware and the
/// authorizing decorators of the run and queue services (which the API and the CLI share) ask only this.</summary>
public static class AccessPolicy
{
    /// <summary>The tenant a principal acts in: the one it asks for when it belongs to it (or may act in any), else its
    /// first. Null when it asks for a tenant it may not act in.</summary>
    public static string? SelectTenant(Principal principal, string? requested)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (string.IsNullOrWhiteSpace(requested))
        {
            return principal.Tenants.Count > 0 ? principal.Tenants[0] : null;
        }

        return principal.BelongsTo(requested) || principal.Holds(Permission.ManageTenants) ? requested : null;
    }

    /// <param name="objectTenant">The tenant of the object acted on; null for an action on no object (a list, a submission).</param>
    /// <param name="objectOwner">The principal that made the object (a run's submitter), when the permission depends on it.</param>
    public static AccessDecision Decide(Caller caller, Permission permission, string? objectTenant = null, string? objectOwner = null)
    {
        ArgumentNullException.ThrowIfNull(caller);

        // An object of another tenant is invisible before anything else is said about it, so no answer tells whether it exists.
        if (objectTenant is not null && !string.Equals(objectTenant, caller.Tenant, StringComparison.Ordinal))
        {
            return AccessDecision.Hide;
        }

        if (!caller.Principal.Holds(permission))
        {
            return AccessDecision.Forbid;
        }

        if (permission == Permission.CancelOwnRun && objectTenant is not null
            && !string.Equals(objectOwner, caller.Name, StringComparison.Ordinal) && !caller.Principal.Holds(Permission.CancelAnyRun))
        {
            return AccessDecision.Forbid;
        }

        return AccessDecision.Allow;
    }
}
