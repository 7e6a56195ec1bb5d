using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Qxm.Backends.Contract;
using Qxm.Backends.Remote;
using Qxm.Backends.Simulators;
using Qxm.Circuits.Validation;
using Qxm.Domain.Backends;

namespace Qxm.Backends.Devices;

/// <summary><c>fake.&lt;name&gt;</c>: a simulator dressed as a remote device. It refuses what the device could not run
/// (non-native gates, uncoupled pairs, missing features), as hardware would, then simulates the qubits the circuit
/// touches under the noise of its calibration, which drifts over time when the device file has a <c>drift</c> section.
/// Accepted jobs wait in a queue for the device's queue delay, and every call may fail as the device file's fault plan
/// says. Results travel as a vendor's would, as a JSON answer that qxm must read (<see cref="ResultAnswer"/>).</summary>
internal sealed partial class FakeDeviceBackend : IBackend, ICalibrationSource, ICredentialRefresh
{
    public const string IdPrefix = "fake.";

    private readonly DeviceSimulator _simulator;
    private readonly Func<CalibrationSnapshot> _calibration;
    private readonly DeviceDefinition _device;
    private readonly TimeProvider _time;
    private readonly FaultInjector _faults;
    private readonly FakeJobLedger _ledger;

    public FakeDeviceBackend(DeviceDefinition device, TimeProvider? time = null, string? ledgerDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        _device = device;
        _time = time ?? TimeProvider.System;
        _calibration = device.Drift is { } plan
            ? new DriftingCalibration(device.Calibration, plan, _time).Current
            : () => device.Calibration;
        _faults = new FaultInjector(device.Faults, _time);
        _ledger = new FakeJobLedger(device.Name, ledgerDirectory is null ? null : Path.Combine(ledgerDirectory, device.Name));
        var target = device.Target with { MaxQubitsInMemory = SimulatorBackend.MaxQubitsInMemory() };
        Info = new BackendInfo(device.BackendId, "fake-device", device.Description, BackendStatus.Online, target, device.CostPerShot)
        {
            Execution = BackendExecution.Remote,
            RateLimit = new RateLimit(200, 1),
        };
        _simulator = new DeviceSimulator(Info, _calibration);
    }

    public BackendInfo Info { get; }

    public async Task<string> SubmitAsync(BackendJob job, string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        var fault = _faults.Enter("submit", idempotencyKey, idempotencyKey, faultable: true);
        Validate(job);
        var result = _simulator.Simulate(job, cancellationToken);
        var accepted = _ledger.Add(idempotencyKey, _time.GetUtcNow(), _device.QueueDelay, ResultAnswer.Encode(result));
        if (fault == InjectedFault.Timeout)
        {
            // The device accepted the job but its answer never arrives: the caller must find the job by its key.
            await TimeOutAsync(cancellationToken);
        }

        return accepted.Id;
    }

    public Task<string?> FindJobAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        _faults.Enter("find", idempotencyKey, idempotencyKey, faultable: false);
        var jobs = _ledger.JobsFor(idempotencyKey);
        return Task.FromResult(jobs.Count > 0 ? jobs[0].Id : null);
    }

    public async Task<BackendJobState> GetStatusAsync(string jobId, CancellationToken cancellationToken)
    {
        var job = Find(jobId);
        if (_faults.Enter("status", jobId, job.Key, faultable: true) == InjectedFault.Timeout)
        {
            await TimeOutAsync(cancellationToken);
        }

        var now = _time.GetUtcNow();
        return job.Cancelled ? new BackendJobState(BackendJobStatus.Cancelled, Message: "cancelled by request")
            : now >= job.ReadyAt ? new BackendJobState(BackendJobStatus.Completed)
            : new BackendJobState(BackendJobStatus.Queued, _ledger.Waiting(now, job.ReadyAt), job.ReadyAt);
    }

    public async Task<BackendJobResult> GetResultAsync(string jobId, CancellationToken cancellationToken)
    {
        var job = Find(jobId);
        var fault = _faults.Enter("result", jobId, job.Key, faultable: true);
        if (fault == InjectedFault.Timeout)
        {
            await TimeOutAsync(cancellationToken);
        }

        if (job.Cancelled || _time.GetUtcNow() < job.ReadyAt)
        {
            throw new BackendException(BackendErrorKind.InvalidInput, $"job {jobId} has no result: it is {(job.Cancelled ? "cancelled" : "still queued")}");
        }

        var (contentType, body) = Corrupt(fault, job.Answer);
        return ResultAnswer.Decode(contentType, body);
    }

    public Task CancelAsync(string jobId, CancellationToken cancellationToken)
    {
        var job = Find(jobId);
        _faults.Enter("cancel", jobId, job.Key, faultable: false);
        if (_time.GetUtcNow() < job.ReadyAt)
        {
            _ledger.Save(job with { Cancelled = true });
        }

        return Task.CompletedTask;
    }

    public Task<CalibrationSnapshot> GetCalibrationAsync(CancellationToken cancellationToken) => Task.FromResult(_calibration());

    public Task RefreshCredentialsAsync(CancellationToken cancellationToken)
    {
        _faults.RefreshCredentials();
        return Task.CompletedTask;
    }

    /// <summary>Calls, injected faults and accepted jobs under one idempotency key.</summary>
    public FakeCallCounts Counts(string idempotencyKey) =>
        _faults.Counts(idempotencyKey) with { Jobs = _ledger.JobsFor(idempotencyKey).Count };

    private void Validate(BackendJob job)
    {
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
    }

    private async Task TimeOutAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(_faults.TimeoutDelay, _time, cancellationToken);
        throw new BackendException(BackendErrorKind.Transient, $"504 gateway timeout after {_faults.TimeoutDelay.TotalSeconds:0.###} s");
    }

    private FakeJob Find(string jobId) =>
        _ledger.Get(jobId) ?? throw new BackendException(BackendErrorKind.InvalidInput, $"unknown job '{jobId}'");

    /// <summary>The answer as a faulty vendor would send it.</summary>
    internal static (string ContentType, byte[] Body) Corrupt(InjectedFault fault, byte[] answer)
    {
        var json = Encoding.UTF8.GetString(answer);
        return fault switch
        {
            InjectedFault.MalformedJson => (ResultAnswer.ContentType, Encoding.UTF8.GetBytes(json.Replace("\"results\":[", "\"results\":[,", StringComparison.Ordinal))),
            InjectedFault.WrongContentType => ("text/html; charset=utf-8", "<html><body><h1>502 Bad Gateway</h1></body></html>"u8.ToArray()),
            InjectedFault.TruncatedBody => (ResultAnswer.ContentType, answer[..(answer.Length / 2)]),
            InjectedFault.WrongBitWidth => (ResultAnswer.ContentType, Encoding.UTF8.GetBytes(json.Replace("{\"counts\":{\"", "{\"counts\":{\"0", StringComparison.Ordinal))),
            InjectedFault.WrongSum => (ResultAnswer.ContentType, Encoding.UTF8.GetBytes(FirstCount().Replace(json, m => m.Groups[1].Value + (long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) + 1), 1))),
            _ => (ResultAnswer.ContentType, answer),
        };
    }

    [GeneratedRegex("(\"counts\":\\{\"[01]*\":)([0-9]+)")]
    private static partial Regex FirstCount();
}
