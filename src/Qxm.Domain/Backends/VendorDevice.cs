namespace Qxm.Domain.Backends;

/// <summary>A backend behind a vendor's cloud as the vendor reports it when the backends are listed.</summary>
/// <param name="Vendor">ionq, ibm, braket or azure.</param>
/// <param name="Device">The vendor's name for the device.</param>
/// <param name="Pricing">The price model in one line (the vendor's published one or the installation's override).</param>
/// <param name="Status">The vendor's word for the device now; null when the vendor could not be asked.</param>
/// <param name="Available">Whether the vendor says it takes jobs now.</param>
/// <param name="QueueLength">Jobs waiting, where the vendor reports it.</param>
/// <param name="AverageQueueSeconds">The vendor's average wait, where it reports it.</param>
/// <param name="Error">Why the vendor could not be asked, when it could not.</param>
public sealed record VendorDevice(
    string Vendor, string Device, string Pricing, string? Status = null, bool? Available = null, int? QueueLength = null,
    double? AverageQueueSeconds = null, string? Error = null);
