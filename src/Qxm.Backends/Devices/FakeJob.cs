namespace Qxm.Backends.Devices;

/// <summary>A job a fake device accepted, as its remote side keeps it: the result is computed on acceptance and
/// released when the queue delay has passed.</summary>
internal sealed record FakeJob(
    string Id, string Key, DateTimeOffset SubmittedAt, DateTimeOffset ReadyAt, byte[] Answer, bool Cancelled = false, string? Error = null);
