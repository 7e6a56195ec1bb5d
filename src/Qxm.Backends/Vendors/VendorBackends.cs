using Qxm.Backends.Contract;
using Qxm.Backends.Vendors.Azure;
using Qxm.Backends.Vendors.Braket;
using Qxm.Backends.Vendors.Ibm;
using Qxm.Backends.Vendors.IonQ;

namespace Qxm.Backends.Vendors;

/// <summary>Makes the adapter a <see cref="RemoteBackendOptions"/> names, over an HTTP client the caller owns (from
/// IHttpClientFactory in the server).</summary>
public static class VendorBackends
{
    public static IBackend Create(RemoteBackendOptions options, HttpClient client, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Vendor switch
        {
            RemoteBackendOptions.IonQ => IonQ(options, client, time),
            RemoteBackendOptions.Ibm => new IbmBackend(options, client, time),
            RemoteBackendOptions.Braket => Braket(options, client, time),
            RemoteBackendOptions.Azure => new AzureBackend(options, client, time),
            _ => throw new ArgumentException($"qxm has no adapter for vendor '{options.Vendor}' in this build", nameof(options)),
        };
    }

    private static IBackend Braket(RemoteBackendOptions options, HttpClient client, TimeProvider? time)
    {
        var backend = new BraketBackend(options, client, time);
        return backend.IsSimulator ? backend : new CalibratedBackend(backend, backend.GetCalibrationAsync);
    }

    private static IBackend IonQ(RemoteBackendOptions options, HttpClient client, TimeProvider? time)
    {
        var backend = new IonQBackend(options, client, time);
        return IonQDevices.IsSimulator(options.Device) ? backend : new CalibratedBackend(backend, backend.GetCalibrationAsync);
    }
}
