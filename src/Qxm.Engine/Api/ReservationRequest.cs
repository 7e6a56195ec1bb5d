namespace Qxm.Engine.Api;

public sealed record ReservationRequest(string Backend, string Tenant, DateTimeOffset Start, DateTimeOffset End);
