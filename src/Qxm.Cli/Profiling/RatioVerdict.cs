namespace Qxm.Cli.Profiling;

/// <summary>What a <see cref="RatioSpread"/> shows against a tolerance.</summary>
internal enum RatioVerdict
{
    /// <summary>The whole 95 % interval of the median lies within the tolerance.</summary>
    Within,

    /// <summary>The whole interval lies beyond it: the cost is larger, shown.</summary>
    Beyond,

    /// <summary>The interval straddles the tolerance: these rounds cannot tell.</summary>
    Undecided,

    /// <summary>Too few rounds for an interval.</summary>
    TooFewRounds,
}
