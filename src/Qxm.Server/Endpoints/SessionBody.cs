namespace Qxm.Server.Endpoints;

/// <summary>The body of <c>POST /api/v1/sessions</c>: the backend to hold and, optionally, the limits in seconds
/// (defaults 1,800 and 120).</summary>
public sealed record SessionBody(string? Backend, double? MaxSeconds = null, double? IdleSeconds = null);
