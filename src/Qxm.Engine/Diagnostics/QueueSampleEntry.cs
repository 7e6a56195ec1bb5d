namespace Qxm.Engine.Diagnostics;

/// <summary>The queued runs of one tenant on one backend: how many, and how long the oldest has waited.</summary>
public sealed record QueueSampleEntry(string Backend, string Tenant, long Depth, TimeSpan OldestAge);
