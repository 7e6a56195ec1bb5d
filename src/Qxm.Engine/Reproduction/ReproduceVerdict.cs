namespace Qxm.Engine.Reproduction;

/// <summary>How a rerun compares with its original.</summary>
public enum ReproduceVerdict
{
    /// <summary>Every sweep point's counts are equal: a seeded simulator rerun.</summary>
    Identical,

    /// <summary>No point differs at the significance level, and every point's distance is bounded below the tolerance.</summary>
    Consistent,

    /// <summary>No point differs at the significance level, but too few shots to bound a point's distance below the tolerance.</summary>
    Inconclusive,

    /// <summary>Some point's counts differ at the significance level.</summary>
    Inconsistent,
}
