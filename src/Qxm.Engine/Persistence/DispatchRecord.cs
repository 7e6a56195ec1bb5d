namespace Qxm.Engine.Persistence;

public sealed record DispatchRecord(string Tenant, string Backend, DateTimeOffset At, double Cost);
