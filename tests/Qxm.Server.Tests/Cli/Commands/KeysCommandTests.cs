using System.Net;
using System.Text.Json;
using Qxm.Cli.Connection;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Cli.Commands;

public sealed class KeysCommandTests
{
    [Fact]
    public async Task Create_Embedded_MakesAKeyTheServerOverTheSameDataAccepts_ListShowsNoSecret()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);

        var created = await CliOutcome.RunAsync("keys", "create", "--principal", "ada", "--role", "submitter", "--home", server.Home, "-o", "json");

        Assert.True(created.ExitCode == 0, created.ToString());
        using var document = JsonDocument.Parse(created.Stdout);
        var secret = document.RootElement.GetProperty("secret").GetString()!;
        Assert.StartsWith("qxm_", secret, StringComparison.Ordinal);
        using var ada = server.ClientWith(secret);
        Assert.Equal(HttpStatusCode.OK, (await ada.GetAsync("/api/v1/runs")).StatusCode);
        var listed = await CliOutcome.RunAsync("keys", "list", "--home", server.Home);
        Assert.True(listed.ExitCode == 0, listed.ToString());
        Assert.Contains(secret.Split('_')[1], listed.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(secret[^43..], listed.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remote_AdminCreatesRotatesRevokes_ViewerIsRefusedWithExitSix()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);
        using var admin = await CredentialsFile.WriteAsync(server.AdminKey!);
        var url = server.Url.ToString();

        var created = await CliOutcome.RunAsync("keys", "create", "--principal", "bob", "--role", "viewer", "--server", url, "--credentials", admin.Path);
        Assert.True(created.ExitCode == 0, created.ToString());
        var secret = created.Stdout.Trim();
        Assert.Contains("not shown again", created.Stderr, StringComparison.Ordinal);
        var id = secret.Split('_')[1];
        var rotated = await CliOutcome.RunAsync("keys", "rotate", id, "--overlap", "0s", "--server", url, "--credentials", admin.Path);
        Assert.True(rotated.ExitCode == 0, rotated.ToString());
        using var viewer = await CredentialsFile.WriteAsync(rotated.Stdout.Trim());
        var refused = await CliOutcome.RunAsync("keys", "list", "--server", url, "--credentials", viewer.Path);
        var status = await CliOutcome.RunAsync("status", "--server", url, "--credentials", viewer.Path);
        var revoked = await CliOutcome.RunAsync("keys", "revoke", rotated.Stdout.Trim().Split('_')[1], "--server", url, "--credentials", admin.Path);
        var again = await CliOutcome.RunAsync("keys", "revoke", rotated.Stdout.Trim().Split('_')[1], "--server", url, "--credentials", admin.Path);
        var afterRevoke = await CliOutcome.RunAsync("status", "--server", url, "--credentials", viewer.Path);

        Assert.True(refused.ExitCode == 6, refused.ToString());
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.True(revoked.ExitCode == 0, revoked.ToString());
        Assert.True(again.ExitCode == 3, again.ToString());
        Assert.True(afterRevoke.ExitCode == 6, afterRevoke.ToString());
        Assert.Single(afterRevoke.StderrLines);
    }

    [Theory]
    [InlineData("viewer2", "admin")]
    [InlineData("ada", "root")]
    public async Task Create_UnknownRoleOrTenant_ExitsTwo(string principal, string role)
    {
        using var home = new TempDirectory();

        var outcome = await CliOutcome.RunAsync("keys", "create", "--principal", principal, "--role", role, "--home", home.Path, "--tenants", role == "admin" ? "nobody" : "default");

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
    }

    [Fact]
    public async Task CredentialsFile_ReadableByOthers_IsRefused()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);
        using var loose = await CredentialsFile.WriteAsync(server.AdminKey!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var outcome = await CliOutcome.RunAsync("status", "--server", server.Url.ToString(), "--credentials", loose.Path);

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        Assert.Contains("chmod 600", Assert.Single(outcome.StderrLines), StringComparison.Ordinal);
        Assert.DoesNotContain(server.AdminKey!, outcome.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CredentialsFile_WithTwoLines_IsRefused()
    {
        using var file = await CredentialsFile.WriteAsync("qxm_a\nqxm_b");

        var refused = Assert.Throws<Qxm.Cli.UsageException>(() => Credentials.ReadFile(file.Path));

        Assert.Contains("one line", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_FromTheEnvironment_KeyFirstThenFile()
    {
        using var file = await CredentialsFile.WriteAsync("qxm_from_file");
        var both = new Dictionary<string, string?> { ["QXM_API_KEY"] = "qxm_from_env", ["QXM_CREDENTIALS"] = file.Path };
        var fileOnly = new Dictionary<string, string?> { ["QXM_CREDENTIALS"] = file.Path };

        Assert.Equal("qxm_from_env", Credentials.Resolve(null, n => both.GetValueOrDefault(n)));
        Assert.Equal("qxm_from_file", Credentials.Resolve(null, n => fileOnly.GetValueOrDefault(n)));
        Assert.Equal("qxm_from_file", Credentials.Resolve(file.Path, n => both.GetValueOrDefault(n)));
    }

    [Fact]
    public async Task Serve_NoAuthOnAPublicAddress_ExitsTwo()
    {
        var outcome = await CliOutcome.RunAsync("serve", "--no-auth", "--urls", "http://0.0.0.0:0");

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        Assert.Contains("loopback", outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remote_WithoutCredentials_ExitsSix()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);
        using var empty = await CredentialsFile.WriteAsync("qxm_0000000000000000_notavalidsecret");

        var outcome = await CliOutcome.RunAsync("backends", "--server", server.Url.ToString(), "--credentials", empty.Path);

        Assert.True(outcome.ExitCode == 6, outcome.ToString());
    }
}
