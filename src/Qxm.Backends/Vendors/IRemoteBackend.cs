namespace Qxm.Backends.Vendors;

/// <summary>A backend behind a vendor's cloud: which vendor and device, its price model, and the device's live status
/// as the vendor reports it, for <c>qxm backends</c> and cost estimates.</summary>
public interface IRemoteBackend
{
    string Vendor { get; }

    string Device { get; }

    PriceModel Prices { get; }

    Task<RemoteDeviceStatus> GetDeviceStatusAsync(CancellationToken cancellationToken);
}
