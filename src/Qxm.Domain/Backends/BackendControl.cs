namespace Qxm.Domain.Backends;

/// <summary>An operator's drain or hold on a backend, with who set it, when and why.</summary>
public sealed record BackendControl(string Backend, BackendControlMode Mode, string Reason, string Actor, DateTimeOffset Since);
