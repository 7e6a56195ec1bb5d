using Qxm.Domain.Backends;

namespace Qxm.Backends.Devices;

/// <summary>A fake device as its data file describes it (format in docs/devices.md).</summary>
public sealed record DeviceDefinition(string Name, string Description, Target Target, decimal CostPerShot, CalibrationSnapshot Calibration)
{
    /// <summary>How the calibration changes over time; null when it never does.</summary>
    public DriftPlan? Drift { get; init; }

    /// <summary>The backend id: <c>fake.&lt;name&gt;</c>.</summary>
    public string BackendId => FakeDeviceBackend.IdPrefix + Name;
}
