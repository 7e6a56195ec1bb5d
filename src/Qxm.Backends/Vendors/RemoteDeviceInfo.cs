using Qxm.Backends.Contract;
using Qxm.Domain.Backends;

namespace Qxm.Backends.Vendors;

/// <summary>What a vendor adapter says of its device: the published figures until the vendor's own description has been
/// read (once, at the first submit or calibration that needs it), then the device's own target. Reads that race each
/// ask the vendor; the answers are the same and the last one kept.</summary>
internal sealed class RemoteDeviceInfo(BackendInfo published)
{
    private readonly Lock _gate = new();
    private BackendInfo _info = published;
    private bool _configured;

    /// <summary>A remote backend's info. Polling many runs shares one request budget, kept well under what each vendor
    /// allows a client.</summary>
    public static BackendInfo Remote(string id, string vendor, string name, Target target) =>
        new(id, vendor, name, BackendStatus.Online, target) { Execution = BackendExecution.Remote, RateLimit = new RateLimit(10, 1) };

    public BackendInfo Current
    {
        get
        {
            lock (_gate)
            {
                return _info;
            }
        }
    }

    /// <summary>The info with the device's own target, read by <paramref name="read"/> the first time.</summary>
    public async Task<BackendInfo> ConfiguredAsync(Func<CancellationToken, Task<Target>> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        lock (_gate)
        {
            if (_configured)
            {
                return _info;
            }
        }

        var target = await read(cancellationToken);
        lock (_gate)
        {
            _info = _info with { Target = target };
            _configured = true;
            return _info;
        }
    }
}
