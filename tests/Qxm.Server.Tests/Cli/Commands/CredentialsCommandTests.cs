using System.Text.Json;
using Qxm.Domain.Security;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Cli.Commands;

/// <summary><c>qxm credentials set|list|remove</c>, embedded over the data directory and remote as an admin.</summary>
public sealed class CredentialsCommandTests
{
    private const string Backends = """
        backends:
          - id: azure.ionq
            vendor: azure
            device: ionq.simulator
            url: http://127.0.0.1:9
            instance: /subscriptions/0/resourceGroups/lab/providers/Microsoft.Quantum/Workspaces/ws
            credentials: { env: QXM_TEST_AZURE_UNSET }
        """;

    [Fact]
    public async Task Embedded_SetListRemove_ARefusedReferenceIsOneLineAndNonZero()
    {
        using var home = new TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(home.Path, "backends.yaml"), Backends);

        var set = await CliOutcome.RunAsync("credentials", "set", "--tenant", "lab-a", "--backend", "azure.ionq", "--env", "QXM_TENANT_LAB_A", "--home", home.Path);
        var refused = await CliOutcome.RunAsync("credentials", "set", "--tenant", "lab-a", "--backend", "azure.ionq", "--env", "HOME", "--home", home.Path);
        var listed = await CliOutcome.RunAsync("credentials", "list", "--all", "-o", "json", "--home", home.Path);
        var removed = await CliOutcome.RunAsync("credentials", "remove", "--tenant", "lab-a", "--backend", "azure.ionq", "--home", home.Path);
        var again = await CliOutcome.RunAsync("credentials", "remove", "--tenant", "lab-a", "--backend", "azure.ionq", "--home", home.Path);

        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("QXM_TENANT_", Assert.Single(refused.StderrLines), StringComparison.Ordinal);
        Assert.True(listed.ExitCode == 0, listed.ToString());
        var only = Assert.Single(JsonDocument.Parse(listed.Stdout).RootElement.EnumerateArray());
        Assert.Equal(("lab-a", "QXM_TENANT_LAB_A"), (only.GetProperty("tenant").GetString(), only.GetProperty("reference").GetString()));
        Assert.True(removed.ExitCode == 0, removed.ToString());
        Assert.True(again.ExitCode == 3, again.ToString());
    }

    [Fact]
    public async Task Remote_AdminSets_ViewerIsRefusedWithExitSix()
    {
        using var files = new TempDirectory();
        var backendsFile = Path.Combine(files.Path, "backends.yaml");
        await File.WriteAllTextAsync(backendsFile, Backends);
        await using var server = await RunningServer.StartAsync(runWorkers: false, configure: o => o with { BackendsFile = backendsFile });
        using var admin = await CredentialsFile.WriteAsync(server.AdminKey!);
        using var viewer = await CredentialsFile.WriteAsync(await server.CreateKeyAsync("vic", Role.Viewer));
        var url = server.Url.ToString();

        var set = await CliOutcome.RunAsync("credentials", "set", "--backend", "azure.ionq", "--file", "default.secret", "--server", url, "--credentials", admin.Path);
        var listed = await CliOutcome.RunAsync("credentials", "list", "--server", url, "--credentials", admin.Path);
        var refused = await CliOutcome.RunAsync("credentials", "list", "--server", url, "--credentials", viewer.Path);

        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.Contains("default.secret", listed.Stdout, StringComparison.Ordinal);
        Assert.True(refused.ExitCode == 6, refused.ToString());
    }
}
