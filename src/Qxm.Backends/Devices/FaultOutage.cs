namespace Qxm.Backends.Devices;

/// <summary>A window, counted from when the device started, in which every call fails as <c>DeviceUnavailable</c>.</summary>
public sealed record FaultOutage(double AfterSeconds, double ForSeconds);
