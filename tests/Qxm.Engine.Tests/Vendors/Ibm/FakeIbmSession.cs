namespace Qxm.Engine.Tests.Vendors.Ibm;

/// <summary>A session as the fake IBM keeps it: open until its max_ttl passes on the test's clock, taking jobs until
/// closed (<c>accepting_jobs</c> false) or cancelled.</summary>
internal sealed record FakeIbmSession(string Id, string Backend, string Mode, int MaxTtlSeconds, DateTimeOffset Created)
{
    public bool AcceptingJobs { get; init; } = true;

    public bool Cancelled { get; init; }

    public bool IsOpenAt(DateTimeOffset now) => !Cancelled && now < Created + TimeSpan.FromSeconds(MaxTtlSeconds);
}
