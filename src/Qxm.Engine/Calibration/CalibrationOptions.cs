namespace Qxm.Engine.Calibration;

/// <summary>How the engine follows its backends' calibrations; <see cref="Validate"/> runs at start-up.</summary>
public sealed record CalibrationOptions
{
    /// <summary>How often the workers' host asks every calibrated backend for its snapshot (1 s..1 h). Runs also record
    /// the snapshot in effect when they are dispatched.</summary>
    public TimeSpan Poll { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How many of a backend's latest snapshots the detector replays when an instance starts (1..100000).</summary>
    public int Replay { get; init; } = 1000;

    public DriftOptions Drift { get; init; } = new();

    public void Validate()
    {
        if (Poll < TimeSpan.FromSeconds(1) || Poll > TimeSpan.FromHours(1))
        {
            throw new ArgumentOutOfRangeException(nameof(Poll), Poll, "the calibration poll must be between 1 s and 1 h");
        }

        if (Replay is < 1 or > 100_000)
        {
            throw new ArgumentOutOfRangeException(nameof(Replay), Replay, "the replay must be between 1 and 100000 snapshots");
        }

        Drift.Validate();
    }
}
