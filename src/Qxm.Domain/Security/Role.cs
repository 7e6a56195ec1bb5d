namespace Qxm.Domain.Security;

/// <summary>What a principal may do in its tenants; each role holds every permission of the one before it.</summary>
public enum Role
{
    /// <summary>Reads its tenants' runs, results, queue, reservations and the backends.</summary>
    Viewer = 1,

    /// <summary>A viewer that also submits runs and cancels the runs it submitted.</summary>
    Submitter = 2,

    /// <summary>A submitter that also cancels any run of its tenants and manages their reservations.</summary>
    Operator = 3,

    /// <summary>Everything: every tenant, and the API keys.</summary>
    Admin = 4,
}
