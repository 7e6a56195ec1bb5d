using Qxm.Backends.Vendors;
using Qxm.Engine.Vendors;

namespace Qxm.Engine.Tests.Vendors.Azure;

/// <summary>An Azure Quantum workspace's targets as <c>backends.yaml</c> declares them.</summary>
public sealed class AzureBackendsFileTests
{
    private static readonly Func<string, string?> Environment = name => name == "AZURE_QUANTUM_SECRET" ? "azure-secret-value" : null;

    [Fact]
    public void Parse_AWorkspaceTarget_WithAnEntraApplication_GivesItsWorkspaceClientAndDirectory_AndNoSecret()
    {
        const string yaml = """
            backends:
              - id: azure.quantinuum.h2
                vendor: azure
                device: quantinuum.qpu.h2-1
                url: https://westus.quantum.azure.com
                instance: /subscriptions/0000/resourceGroups/lab/providers/Microsoft.Quantum/Workspaces/ws
                clientId: 11111111-2222-3333-4444-555555555555
                directory: 72f988bf-86f1-41af-91ab-2d7cd011db47
                credentials: { env: AZURE_QUANTUM_SECRET }
                pricing: { perHqc: 13.50 }
            """;

        var (backends, diagnostics) = RemoteBackendsFile.Parse(yaml, "backends.yaml", Environment);

        Assert.Empty(diagnostics);
        var backend = Assert.Single(backends);
        Assert.Equal(("azure", "quantinuum.qpu.h2-1", "https://westus.quantum.azure.com/"), (backend.Vendor, backend.Device, backend.Endpoint!.ToString()));
        Assert.Equal(("11111111-2222-3333-4444-555555555555", "72f988bf-86f1-41af-91ab-2d7cd011db47"), (backend.ClientId, backend.Directory));
        Assert.Equal(13.50m, backend.Pricing!.PerHqc);
        Assert.DoesNotContain("azure-secret-value", backend.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("backends:\n  - id: a\n    vendor: azure\n    device: ionq.simulator\n    url: https://westus.quantum.azure.com\n    credentials: { env: AZURE_QUANTUM_SECRET }\n", "backends.yaml:2:5", "'instance' is required for azure")]
    [InlineData("backends:\n  - id: a\n    vendor: azure\n    device: ionq.simulator\n    instance: /subscriptions/x\n    credentials: { env: AZURE_QUANTUM_SECRET }\n", "backends.yaml:2:5", "'url' is required for azure")]
    [InlineData("backends:\n  - id: a\n    vendor: azure\n    device: rigetti.qpu.ankaa-3\n    url: https://westus.quantum.azure.com\n    instance: /subscriptions/x\n    credentials: { env: AZURE_QUANTUM_SECRET }\n", "backends.yaml:4:13", "'rigetti.qpu.ankaa-3' is not one qxm knows")]
    [InlineData("backends:\n  - id: a\n    vendor: azure\n    device: ionq.simulator\n    url: https://westus.quantum.azure.com\n    instance: /subscriptions/x\n    clientId: app\n    credentials: { env: AZURE_QUANTUM_SECRET }\n", "backends.yaml:7:15", "'directory' (the Microsoft Entra tenant id) is required")]
    public void Parse_AMistake_IsAnErrorAtItsPosition(string yaml, string at, string message)
    {
        var (backends, diagnostics) = RemoteBackendsFile.Parse(yaml, "backends.yaml", Environment);

        Assert.Empty(backends);
        var error = Assert.Single(diagnostics, d => d.IsError);
        Assert.StartsWith(at, error.ToString(), StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
