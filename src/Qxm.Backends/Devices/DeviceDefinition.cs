using Qxm.Domain.Backends;

namespace Qxm.Backends.Devices;

/// <summary>A fake device as its data file describes it (format in docs/devices.md).</summary>
public sealed record DeviceDefinition(string Name, string Description, Target Target, decimal CostPerShot, CalibrationSnapshot Calibration)
{
    /// <summary>The faults its calls fail with; none by default.</summary>
    public FaultPlan Faults { get; init; } = FaultPlan.None;

    /// <summary>How long a job waits in the device's queue before it has run.</summary>
    public TimeSpan QueueDelay { get; init; }


    /// <summary>How the calibration changes over time; null when it never does.</summary>
    public DriftPlan? Drift { get; init; }

    /// <summary>The backend id: <c>fake.&lt;name&gt;</c>.</summary>
    public string BackendId => FakeDeviceBackend.IdPrefix + Name;
}
