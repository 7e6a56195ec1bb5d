namespace Qxm.Backends.Vendors;

/// <summary>A vendor's successful answer as it arrived.</summary>
internal sealed record VendorAnswer(string? ContentType, byte[] Body);
