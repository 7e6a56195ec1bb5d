namespace Qxm.Domain.Experiments;

/// <summary>Whether a submission may be answered from the result of an identical earlier run instead of running.</summary>
public enum CachePolicy
{
    /// <summary>Always run (the default).</summary>
    Never,

    /// <summary>Answer from the store on a simulator, when an earlier run had the same fingerprint, seed and target.</summary>
    Allow,

    /// <summary>As <see cref="Allow"/>, and on hardware too when its target and calibration are unchanged since.</summary>
    AllowHardware,
}
