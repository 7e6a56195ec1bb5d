namespace Qxm.Engine.Calibration;

/// <summary>The CUSUM drift detector's parameters (decision 0015). Each figure is watched as the log of its value
/// against the level it had after the last alarm, in units of its tolerance: z = ln(x / baseline) / tolerance.</summary>
public sealed record DriftOptions
{
    /// <summary>Relative change of T1 or T2 that counts as one unit of drift (0.01..10).</summary>
    public double CoherenceTolerance { get; init; } = 0.2;

    /// <summary>Relative change of a readout or two-qubit gate error that counts as one unit of drift (0.01..10).</summary>
    public double ErrorTolerance { get; init; } = 0.3;

    /// <summary>CUSUM allowance k: the part of each step's deviation, in tolerance units, forgiven as noise (0..10).</summary>
    public double Allowance { get; init; } = 0.5;

    /// <summary>CUSUM decision threshold h, in tolerance units (0.1..100).</summary>
    public double Threshold { get; init; } = 4;

    public void Validate()
    {
        if (CoherenceTolerance is < 0.01 or > 10 || ErrorTolerance is < 0.01 or > 10)
        {
            throw new ArgumentOutOfRangeException(nameof(CoherenceTolerance), "drift tolerances must be between 0.01 and 10");
        }

        if (Allowance is < 0 or > 10)
        {
            throw new ArgumentOutOfRangeException(nameof(Allowance), Allowance, "the CUSUM allowance must be between 0 and 10");
        }

        if (Threshold is < 0.1 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "the CUSUM threshold must be between 0.1 and 100");
        }
    }
}
