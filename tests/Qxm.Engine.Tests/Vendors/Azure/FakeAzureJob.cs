using System.Text.Json.Nodes;

namespace Qxm.Engine.Tests.Vendors.Azure;

/// <summary>A job the fake Azure Quantum workspace accepted: its details as created, the output it will write, and who
/// made it (the client id behind the token, or the API key).</summary>
internal sealed record FakeAzureJob(string Id, string? Key, JsonObject Details, string Output, DateTimeOffset Created, string Caller)
{
    public bool Cancelled { get; init; }
}
