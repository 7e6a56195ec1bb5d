using System.Diagnostics;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Clients;

/// <summary>The Python client's own unittest suite (clients/python/tests) run by the system's python3 against a live
/// server, so CI counts it with the rest.</summary>
public sealed class PythonClientTests
{
    [SkippableFact]
    public async Task PythonClientSuite_AgainstALiveServer_Passes()
    {
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : ExternalTool.Find("python3");
        Skip.If(python is null, "python3 is not installed");
        await using var server = await RunningServer.StartAsync();
        var start = new ProcessStartInfo(python!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Repository.Root,
        };
        foreach (var argument in (string[])["-m", "unittest", "discover", "-v", "-s", "clients/python/tests"])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["QXM_URL"] = server.Url.ToString().TrimEnd('/');
        start.Environment["QXM_API_KEY"] = server.AdminKey;
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(deadline.Token);
        var output = await stdout + await stderr;

        Assert.True(process.ExitCode == 0, output);
        Assert.Contains("Ran 6 tests", output, StringComparison.Ordinal);
        Assert.DoesNotContain("skipped", output, StringComparison.Ordinal);
    }
}
