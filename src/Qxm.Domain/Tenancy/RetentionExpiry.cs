namespace Qxm.Domain.Tenancy;

/// <summary>What retention does with a run's raw results once they are older than the tenant keeps them.</summary>
public enum RetentionExpiry
{
    /// <summary>Move the result and the backend's raw answers to the archive store; every read still finds them there.</summary>
    Archive,

    /// <summary>Delete the backend's raw answers, which nothing derives from once the counts are recorded; the result stays.</summary>
    Delete,
}
