namespace Qxm.Engine.Persistence;

/// <summary>A run's job on a backend: the idempotency key, stored before the backend is first called, and the
/// backend's job id once it is known.</summary>
public sealed record BackendJobRecord(string RunId, string Backend, string IdempotencyKey, string? JobId, DateTimeOffset CreatedAt);
