using System.Text.Json;
using System.Text.Json.Nodes;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Server;

public sealed class OpenApiDocumentTests
{
    [Fact]
    public async Task Document_MatchesSnapshot()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);

        var text = await server.Client.GetStringAsync("/openapi/v1.json");

        // Re-indented so the snapshot is readable and independent of the generator's whitespace.
        var formatted = JsonNode.Parse(text)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Snapshot.Match(formatted, "Server", "Snapshots", "openapi.v1.json");
    }
}
