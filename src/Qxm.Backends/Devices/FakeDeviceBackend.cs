using Qxm.Backends.Contract;
using Qxm.Backends.Simulators;
using Qxm.Circuits.Validation;
using Qxm.Domain.Backends;

namespace Qxm.Backends.Devices;

/// <summary><c>fake.&lt;name&gt;</c>: a simulator dressed as a device. It refuses what the device could not run (non-native
/// gates, uncoupled pairs, missing features), as hardware would, then simulates the qubits the circuit touches under the
/// noise of its calibration, which drifts over time when the device file has a <c>drift</c> section.</summary>
internal sealed class FakeDeviceBackend : IBackend, ICalibrationSource
{
    public const string IdPrefix = "fake.";

    private readonly DeviceSimulator _simulator;
    private readonly Func<CalibrationSnapshot> _calibration;

    public FakeDeviceBackend(DeviceDefinition device, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        _calibration = device.Drift is { } plan
            ? new DriftingCalibration(device.Calibration, plan, time ?? TimeProvider.System).Current
            : () => device.Calibration;
        var target = device.Target with { MaxQubitsInMemory = SimulatorBackend.MaxQubitsInMemory() };
        Info = new BackendInfo(device.BackendId, "fake-device", device.Description, BackendStatus.Online, target, device.CostPerShot);
        _simulator = new DeviceSimulator(Info, _calibration);
    }

    public BackendInfo Info { get; }

    public Task<string> SubmitAsync(BackendJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var points = job.Circuits.Select(_ => (IReadOnlyDictionary<string, double>)new Dictionary<string, double>()).ToList();
        foreach (var circuit in job.Circuits)
        {
            var context = new ValidationContext(circuit, "<job>", points, [circuit], job.Shots, Info.Id, Info.Target);
            var errors = CircuitValidator.ErrorRules.SelectMany(rule => rule.Check(context)).ToList();
            if (errors.Count > 0)
            {
                throw new BackendException(
                    BackendErrorKind.InvalidInput,
                    $"{Info.Id} cannot run the circuit: {errors[0].Message}{(errors.Count > 1 ? $" (and {errors.Count - 1} more problems)" : "")}");
            }
        }

        return _simulator.SubmitAsync(job, cancellationToken);
    }

    public Task<BackendJobStatus> GetStatusAsync(string jobId, CancellationToken cancellationToken) => _simulator.GetStatusAsync(jobId, cancellationToken);

    public Task<BackendJobResult> GetResultAsync(string jobId, CancellationToken cancellationToken) => _simulator.GetResultAsync(jobId, cancellationToken);

    public Task CancelAsync(string jobId, CancellationToken cancellationToken) => _simulator.CancelAsync(jobId, cancellationToken);

    public Task<CalibrationSnapshot> GetCalibrationAsync(CancellationToken cancellationToken) => Task.FromResult(_calibration());
}
