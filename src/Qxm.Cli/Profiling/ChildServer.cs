using System.Diagnostics;

namespace Qxm.Cli.Profiling;

/// <summary><c>qxm serve</c> in a child process on a free loopback port, without the per-principal rate limit (its
/// clients send as fast as they can) and without authentication, so requests reach the endpoints. Its CPU time is its
/// own, apart from the clients' in this process.</summary>
internal sealed class ChildServer : IDisposable
{
    /// <summary>How long a child may take to listen: seconds on a quiet machine, over a minute on a 2-core one at load 40.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private readonly Process _process;

    private ChildServer(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    public int ProcessId => _process.Id;

    /// <summary>The server's CPU time per thread so far, in nanoseconds, from the scheduler's own accounting
    /// (<c>/proc/PID/task/TID/schedstat</c>): the process's user and system times are counted in 10 ms ticks, too coarse
    /// for a window of a second. Null where the kernel does not keep it.</summary>
    public IReadOnlyDictionary<int, long>? ThreadCpu()
    {
        var tasks = $"/proc/{_process.Id}/task";
        if (!Directory.Exists(tasks))
        {
            return null;
        }

        var threads = new Dictionary<int, long>();
        foreach (var task in Directory.EnumerateDirectories(tasks))
        {
            try
            {
                var first = File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ')[0];
                if (int.TryParse(Path.GetFileName(task), out var id) && long.TryParse(first, out var nanoseconds))
                {
                    threads[id] = nanoseconds;
                }
            }
            catch (IOException)
            {
                // The thread ended between the listing and the read; its time is lost either way.
            }
        }

        return threads;
    }

    /// <summary>CPU time the server spent between two <see cref="ThreadCpu"/> readings, or from
    /// <paramref name="before"/>'s process total when there is no per-thread accounting. A thread that ended in between
    /// takes its time in the window with it (rare: the thread pool keeps its threads for seconds after their last work).</summary>
    public TimeSpan CpuSince(CpuReading before)
    {
        if (before.Threads is { } start && ThreadCpu() is { } end)
        {
            var nanoseconds = end.Sum(t => t.Value - start.GetValueOrDefault(t.Key));
            return TimeSpan.FromTicks(nanoseconds / 100);
        }

        _process.Refresh();
        return _process.TotalProcessorTime - before.Total;
    }

    /// <summary>A reading to measure the server's CPU time from, with <see cref="CpuSince"/>.</summary>
    public CpuReading ReadCpu()
    {
        _process.Refresh();
        return new CpuReading(ThreadCpu(), _process.TotalProcessorTime);
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
            return new ChildServer(process, await listening.Task.WaitAsync(StartTimeout, cancellationToken));
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

    /// <summary>The server's CPU time at one moment: per thread where the kernel keeps it, and the process's total.</summary>
    public sealed record CpuReading(IReadOnlyDictionary<int, long>? Threads, TimeSpan Total);
}
