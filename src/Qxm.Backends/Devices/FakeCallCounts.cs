namespace Qxm.Backends.Devices;

/// <summary>What a fake device saw for one idempotency key: calls, faults it injected, jobs it accepted.</summary>
public sealed record FakeCallCounts(int Calls, int Faults, int Jobs);
