namespace Qxm.Engine.Tests.Vendors.Ibm;

/// <summary>A Sampler job as the fake IBM keeps it: each PUB's samples drawn at submit (per register, hex), its state
/// derived from its age on the test's clock.</summary>
internal sealed record FakeIbmJob(
    string Id, string Backend, IReadOnlyList<string> Tags, DateTimeOffset Created, IReadOnlyList<IReadOnlyList<FakeIbmRegister>> Pubs, long Sequence)
{
    public bool Cancelled { get; init; }

    /// <summary>The session the job was submitted in; null outside one.</summary>
    public string? SessionId { get; init; }
}
