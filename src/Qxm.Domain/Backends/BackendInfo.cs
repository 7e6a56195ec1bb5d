namespace Qxm.Domain.Backends;

/// <summary>A backend as the outside world sees it.</summary>
public sealed record BackendInfo(string Id, string Kind, string Description, BackendStatus Status, Target Target);
