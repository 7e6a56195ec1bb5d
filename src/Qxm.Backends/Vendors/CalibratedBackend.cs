using Qxm.Backends.Contract;
using Qxm.Domain.Backends;

namespace Qxm.Backends.Vendors;

/// <summary>A vendor backend that reports a calibration: the same adapter as the device's simulator, plus the vendor's
/// calibration call. Kept apart so that a vendor simulator, which has nothing to report, is no calibration source.</summary>
internal sealed class CalibratedBackend(IBackend inner, Func<CancellationToken, Task<CalibrationSnapshot>> calibration)
    : IBackend, ICalibrationSource, ICredentialRefresh, IRemoteBackend
{
    public IBackend Inner => inner;

    public BackendInfo Info => inner.Info;

    public string Vendor => Remote.Vendor;

    public string Device => Remote.Device;

    public PriceModel Prices => Remote.Prices;

    private IRemoteBackend Remote => (IRemoteBackend)inner;

    public Task<string> SubmitAsync(BackendJob job, string idempotencyKey, CancellationToken cancellationToken) =>
        inner.SubmitAsync(job, idempotencyKey, cancellationToken);

    public Task<string?> FindJobAsync(string idempotencyKey, CancellationToken cancellationToken) => inner.FindJobAsync(idempotencyKey, cancellationToken);

    public Task<BackendJobState> GetStatusAsync(string jobId, CancellationToken cancellationToken) => inner.GetStatusAsync(jobId, cancellationToken);

    public Task<BackendJobResult> GetResultAsync(string jobId, CancellationToken cancellationToken) => inner.GetResultAsync(jobId, cancellationToken);

    public Task CancelAsync(string jobId, CancellationToken cancellationToken) => inner.CancelAsync(jobId, cancellationToken);

    public Task<CalibrationSnapshot> GetCalibrationAsync(CancellationToken cancellationToken) => calibration(cancellationToken);

    public Task RefreshCredentialsAsync(CancellationToken cancellationToken) =>
        inner is ICredentialRefresh refresh ? refresh.RefreshCredentialsAsync(cancellationToken) : Task.CompletedTask;

    public Task<RemoteDeviceStatus> GetDeviceStatusAsync(CancellationToken cancellationToken) => Remote.GetDeviceStatusAsync(cancellationToken);
}
