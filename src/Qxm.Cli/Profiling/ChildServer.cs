using System.Diagnostics;

namespace Qxm.Cli.Profiling;

/// <summary><c>qxm serve</c> in a child process on a free loopback port, without the per-principal rate limit (its
/// clients send as fast as they can) and without authentication, so requests reach the endpoints. Its CPU time is its
/// own, apart from the clients' in this process.</summary>
internal sealed class ChildServer : IDisposable
{
    private readonly Process _process;

    private ChildServer(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    public int ProcessId => _process.Id;

    /// <summary>The server process's user and system CPU time so far.</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static async Task<ChildServer> StartAsync(string home, IEnumerable<string> extraArguments, CancellationToken cancellationToken)
    {
        var (executable, prefix) = EndToEndBenchmark.Self();
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in prefix.Concat(["serve", "--port", "0", "--home", home, "--requests-per-second", "0", "--no-auth"]).Concat(extraArguments))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            const string marker = "listening on ";
            if (e.Data?.IndexOf(marker, StringComparison.Ordinal) is >= 0 and var at)
            {
                listening.TrySetResult(new Uri(e.Data[(at + marker.Length)..].Trim()));
            }
        };
        var lastError = string.Empty;
        process.ErrorDataReceived += (_, e) =>
        {
            if (!string.IsNullOrWhiteSpace(e.Data))
            {
                lastError = e.Data;
            }
        };
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException(
            $"the child qxm serve exited before it listened: {lastError}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            return new ChildServer(process, await listening.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken));
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
