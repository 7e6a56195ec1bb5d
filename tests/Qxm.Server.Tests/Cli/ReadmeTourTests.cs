using System.Diagnostics;
using System.Text.RegularExpressions;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Cli;

/// <summary>The README's tour, typed as written into bash on a fresh home: the only changes are the alias (the built qxm
/// instead of <c>dotnet run</c>, which would rebuild) and the server's port (a free one instead of 5080).</summary>
public sealed partial class ReadmeTourTests
{
    [Fact]
    public async Task Tour_OnAFreshHome_EveryCommandSucceedsButTheOneShownFailing()
    {
        var script = TourScript(await File.ReadAllTextAsync(Repository.InRepository("README.md")), ExternalTool.FreePort());
        using var home = new TempDirectory();
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Repository.Root,
        };
        start.Environment["HOME"] = home.Path;
        foreach (var variable in (string[])["QXM_HOME", "QXM_API_KEY", "QXM_CREDENTIALS", "QXM_STORE", "QXM_SERVER"])
        {
            start.Environment.Remove(variable);
        }

        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(script);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the tour did not finish within 5 minutes:\n{await stderr}");
        }

        var output = $"--- stdout\n{await stdout}\n--- stderr\n{await stderr}";
        var failed = FailedLine().Matches(output).Select(m => m.Groups[1].Value.Trim()).ToList();
        Assert.True(process.ExitCode == 0, output);
        Assert.True(failed.Count == 1 && failed[0].EndsWith("validate examples/bell.yaml --backend fake.heavyhex27", StringComparison.Ordinal), output);
        Assert.Contains("running -> succeeded", output, StringComparison.Ordinal);
        Assert.Contains("(qft4 on sim.statevector, 4000 shots)", output, StringComparison.Ordinal);
        Assert.Contains("(bell on sim.statevector, 1000 shots)", output, StringComparison.Ordinal);
        Assert.Contains("(flaky-bell on fake.flaky, 1024 shots)", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(home.Path, ".qxm", "tenants.yaml")), output);
    }

    /// <summary>The sh blocks of the section "A short tour" (up to its next heading), made runnable: a failing command
    /// is reported on stderr and the tour goes on, as a reader's terminal would; the server it starts is stopped at the end.</summary>
    private static string TourScript(string readme, int port)
    {
        var section = Regex.Match(readme, @"^## A short tour\n(.*?)^##", RegexOptions.Singleline | RegexOptions.Multiline);
        Assert.True(section.Success, "README has no section '## A short tour'");
        var blocks = string.Join('\n', ShellBlock().Matches(section.Groups[1].Value).Select(m => m.Groups[1].Value));
        const string Alias = "alias qxm='dotnet run --project src/Qxm.Cli --'";
        Assert.Contains(Alias, blocks, StringComparison.Ordinal);
        Assert.Contains("5080", blocks, StringComparison.Ordinal);
        var qxm = Path.Combine(AppContext.BaseDirectory, "qxm.dll");
        return "shopt -s expand_aliases\n"
            + "trap 'echo \"tour-failed: $BASH_COMMAND\" >&2' ERR\n"
            + "trap 'kill $(jobs -p) 2>/dev/null' EXIT\n"
            + blocks.Replace(Alias, $"alias qxm='dotnet {qxm}'", StringComparison.Ordinal)
                .Replace("5080", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^```sh\n(.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex ShellBlock();

    [GeneratedRegex(@"tour-failed: (.*)")]
    private static partial Regex FailedLine();
}
