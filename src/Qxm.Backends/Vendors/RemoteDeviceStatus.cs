namespace Qxm.Backends.Vendors;

/// <summary>A device as its vendor reports it now.</summary>
/// <param name="Status">The vendor's word for it (<c>available</c>, <c>offline</c>, <c>calibrating</c>...).</param>
/// <param name="Available">Whether it takes jobs now.</param>
/// <param name="QueueLength">Jobs waiting, where the vendor says.</param>
/// <param name="AverageQueueTime">The vendor's average wait, where it says.</param>
public sealed record RemoteDeviceStatus(string Status, bool Available, int? QueueLength = null, TimeSpan? AverageQueueTime = null);
