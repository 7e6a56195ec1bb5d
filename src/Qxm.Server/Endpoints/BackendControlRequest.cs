namespace Qxm.Server.Endpoints;

/// <summary>The body of a drain or hold: why, shown beside the backend in <c>qxm backends</c>.</summary>
internal sealed record BackendControlRequest(string? Reason);
