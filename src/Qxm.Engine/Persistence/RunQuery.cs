using Qxm.Domain.Runs;

namespace Qxm.Engine.Persistence;

/// <summary>Newest runs first. <paramref name="Tenant"/> null lists every tenant's runs (the engine's own view);
/// clients list through a tenant-scoped service.</summary>
public sealed record RunQuery(RunState? State = null, string? Backend = null, int Limit = 50, string? Tenant = null);
