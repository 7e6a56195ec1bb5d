namespace Qxm.Engine.Security;

public enum AccessEventKind
{
    /// <summary>A request without valid credentials (none, unknown, expired, revoked, malformed).</summary>
    Unauthenticated,

    /// <summary>Refused with 403: the caller lacks the permission or named a tenant that is not its own.</summary>
    Denied,

    /// <summary>Refused as not found: the object belongs to another tenant.</summary>
    Hidden,

    KeyCreated,
    KeyRevoked,
    KeyRotated,
}
