namespace Qxm.Engine.Security;

/// <summary>Where every refused access and every key created, rotated or revoked is reported: the one sink that logging,
/// counting and the audit trail hang off.</summary>
public interface IAccessAudit
{
    void Record(AccessEvent accessEvent);
}
