namespace Qxm.Domain.Calibration;

/// <summary>A run kept in the queue by drift on its backend: why and since when.</summary>
public sealed record DriftHold(string Reason, DateTimeOffset Since);
