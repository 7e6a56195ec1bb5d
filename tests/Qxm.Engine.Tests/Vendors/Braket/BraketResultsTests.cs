using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Qxm.Backends.Contract;
using Qxm.Backends.Vendors.Braket;

namespace Qxm.Engine.Tests.Vendors.Braket;

/// <summary>A task's results.json read into qxm's counts, for the forms the fake Braket does not write.</summary>
public sealed class BraketResultsTests
{
    [Fact]
    public void Results_AsProbabilities_BecomeCountsByLargestRemainder_InClbitOrder()
    {
        var result = new JsonObject
        {
            ["braketSchemaHeader"] = new JsonObject { ["name"] = "braket.task_result.gate_model_task_result", ["version"] = "1" },
            ["measuredQubits"] = new JsonArray(0, 1),
            ["measurementProbabilities"] = new JsonObject { ["10"] = 0.7, ["01"] = 0.3 },
            ["additionalMetadata"] = new JsonObject { ["action"] = new JsonObject { ["source"] = "OPENQASM 3.0;\nqubit[2] q;\nbit[2] c;\nx q[0];\nc[0] = measure q[0];\nc[1] = measure q[1];\n" } },
        }.ToJsonString();
        using var document = JsonDocument.Parse(result);

        var (counts, seconds) = BraketResults.Read(document.RootElement, 7, Encoding.UTF8.GetBytes(result));

        // "10" is qubit 0 measured 1 and qubit 1 measured 0: clbit 0 set, so "01" in qxm's layout (clbit 0 rightmost).
        Assert.Equal(new Dictionary<string, long> { ["01"] = 5, ["10"] = 2 }, counts);
        Assert.Null(seconds);
    }

    [Fact]
    public void Results_WhoseShotsAreNarrowerThanTheMeasuredQubits_AreFatalWithTheRawAnswer()
    {
        var result = new JsonObject
        {
            ["braketSchemaHeader"] = new JsonObject { ["name"] = "braket.task_result.gate_model_task_result", ["version"] = "1" },
            ["measuredQubits"] = new JsonArray(0, 1),
            ["measurements"] = new JsonArray(new JsonArray(1)),
            ["additionalMetadata"] = new JsonObject { ["action"] = new JsonObject { ["source"] = "OPENQASM 3.0;\nqubit[2] q;\nbit[2] c;\nc[0] = measure q[0];\nc[1] = measure q[1];\n" } },
        }.ToJsonString();
        using var document = JsonDocument.Parse(result);

        var error = Assert.Throws<BackendException>(() => BraketResults.Read(document.RootElement, 1, Encoding.UTF8.GetBytes(result)));

        Assert.Equal(BackendErrorKind.Fatal, error.Kind);
        Assert.Contains("1 bits for 2 measured qubits", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.RawAnswer);
    }
}
