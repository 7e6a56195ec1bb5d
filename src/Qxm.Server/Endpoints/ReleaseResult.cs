namespace Qxm.Server.Endpoints;

/// <summary>How many runs held for drift on a backend a release let go.</summary>
public sealed record ReleaseResult(string Backend, int Released);
