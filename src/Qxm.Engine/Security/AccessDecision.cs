namespace Qxm.Engine.Security;

public enum AccessDecision
{
    Allow,

    /// <summary>Refused, and the caller may know why (403): it can see the object or names its own tenant.</summary>
    Forbid,

    /// <summary>Refused as if the object did not exist (404): it belongs to a tenant the caller does not act in.</summary>
    Hide,
}
