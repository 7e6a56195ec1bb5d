using Qxm.Backends.Contract;
using Qxm.Backends.Vendors;
using Qxm.Domain.Backends;

namespace Qxm.Engine.Vendors;

/// <summary>A vendor device's live status for a listing of backends: asked of the vendor with a short deadline, so one
/// slow vendor never holds up <c>qxm backends</c>; a vendor that cannot answer shows why instead.</summary>
internal static class VendorDevices
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(3);

    public static async Task<VendorDevice?> DescribeAsync(IBackend backend, CancellationToken cancellationToken)
    {
        if (backend is not IRemoteBackend remote)
        {
            return null;
        }

        var device = new VendorDevice(remote.Vendor, remote.Device, remote.Prices.Describe());
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Deadline);
        try
        {
            var status = await remote.GetDeviceStatusAsync(deadline.Token);
            return device with
            {
                Status = status.Status, Available = status.Available, QueueLength = status.QueueLength,
                AverageQueueSeconds = status.AverageQueueTime?.TotalSeconds,
            };
        }
        catch (BackendException e)
        {
            return device with { Error = $"{e.Kind}: {e.Message}" };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return device with { Error = $"the vendor did not answer within {Deadline.TotalSeconds:0} s" };
        }
    }
}
