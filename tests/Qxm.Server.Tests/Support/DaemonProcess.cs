using System.Diagnostics;
using System.Text;

namespace Qxm.Server.Tests.Support;

/// <summary>A long-running tool the test started (Prometheus, Alertmanager) on a loopback port with its own data
/// directory; ready when its readiness URL answers; stopped by its process id.</summary>
internal sealed class DaemonProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TempDirectory _directory;

    private DaemonProcess(Process process, TempDirectory directory, Uri url)
    {
        _process = process;
        _directory = directory;
        Url = url;
    }

    public Uri Url { get; }

    public string Directory => _directory.Path;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <param name="arguments">Built from the directory the daemon may use and the port it must listen on.</param>
    public static async Task<DaemonProcess> StartAsync(string tool, Func<string, int, string[]> arguments, Action<string, int>? prepare = null)
    {
        var directory = new TempDirectory();
        var port = ExternalTool.FreePort();
        prepare?.Invoke(directory.Path, port);
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments(directory.Path, port))
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        var daemon = new DaemonProcess(process, directory, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => daemon.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => daemon.Collect(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var client = new HttpClient { BaseAddress = daemon.Url, Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            await Eventually.WaitForAsync(
                async () =>
                {
                    if (process.HasExited)
                    {
                        throw new InvalidOperationException($"{Path.GetFileName(tool)} exited early:\n{daemon.Output}");
                    }

                    try
                    {
                        using var response = await client.GetAsync("-/ready");
                        return response.IsSuccessStatusCode;
                    }
                    catch (HttpRequestException)
                    {
                        return false;
                    }
                    catch (TaskCanceledException)
                    {
                        return false;
                    }
                },
                ready => ready,
                $"{Path.GetFileName(tool)} to be ready",
                TimeSpan.FromSeconds(60));
        }
        catch
        {
            await daemon.DisposeAsync();
            throw;
        }

        return daemon;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _directory.Dispose();
    }

    private void Collect(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
