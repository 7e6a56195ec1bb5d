using System.Text.Json.Nodes;

namespace Qxm.Engine.Tests.Vendors.IonQ;

/// <summary>A job as the fake IonQ keeps it: its distributions computed at submit, its state derived from its age.</summary>
internal sealed record FakeIonQJob(
    string Id, string? Key, JsonObject? Metadata, string Backend, int Shots, DateTimeOffset Created,
    IReadOnlyList<Dictionary<string, double>> Distributions, IReadOnlyList<string> Children, string? Type)
{
    public bool Cancelled { get; init; }

    public long Sequence { get; init; }

    public string? Parent { get; init; }
}
