using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Qxm.Server.Tests.Support;

/// <summary>The monitoring tools the observability tests start (Debian's prometheus, promtool, prometheus-alertmanager).
/// Missing locally, those tests are skipped with the reason; with <c>QXM_REQUIRE_PROMETHEUS=1</c> (set by CI) they fail.</summary>
internal static class ExternalTool
{
    public const string RequireVariable = "QXM_REQUIRE_PROMETHEUS";

    public static string Require(string name)
    {
        var path = Find(name);
        if (path is null && Environment.GetEnvironmentVariable(RequireVariable) == "1")
        {
            throw new InvalidOperationException($"{RequireVariable}=1 but '{name}' is not installed");
        }

        Skip.If(path is null, $"'{name}' is not installed (apt-get install prometheus prometheus-alertmanager)");
        return path!;
    }

    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs a tool to its end (at most a minute) and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string tool, string? stdin, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', arguments)} did not finish within a minute");
        }

        return (process.ExitCode, await output + await error);
    }
}
