namespace Qxm.Domain.Security;

/// <summary>One thing a caller may be allowed to do. Every API endpoint declares the one it needs; <see cref="RolePermissions"/>
/// says which role holds which.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "A permission is what the type is; the rule targets System.Security permission classes.")]
public enum Permission
{
    /// <summary>Read the acting tenant's runs, results, queue and reservations, the backends, and check experiments.</summary>
    Read = 1,

    /// <summary>Submit runs for the acting tenant.</summary>
    Submit = 2,

    /// <summary>Cancel a run the caller submitted.</summary>
    CancelOwnRun = 3,

    /// <summary>Cancel any run of the acting tenant.</summary>
    CancelAnyRun = 4,

    /// <summary>Reserve backends for the acting tenant and cancel its reservations.</summary>
    Reserve = 5,

    /// <summary>Act in any tenant and see every tenant's limits and usage.</summary>
    ManageTenants = 6,

    /// <summary>Create, list, rotate and revoke API keys.</summary>
    ManageKeys = 7,

    /// <summary>Read the audit trail and verify its chain: it spans every tenant, so only admins hold it.</summary>
    ReadAudit = 8,
}
