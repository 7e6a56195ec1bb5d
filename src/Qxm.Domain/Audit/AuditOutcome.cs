namespace Qxm.Domain.Audit;

/// <summary>How the action an audit event records ended.</summary>
public enum AuditOutcome
{
    Succeeded,
    Failed,
    Denied,
}
