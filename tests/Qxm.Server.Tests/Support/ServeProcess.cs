using System.Diagnostics;
using System.Text;

namespace Qxm.Server.Tests.Support;

/// <summary><c>qxm serve</c> as a real child process (the built qxm.dll next to the tests), so a test can kill it.</summary>
internal sealed class ServeProcess : IDisposable
{
    private readonly Process _process;

    private readonly StringBuilder _output;

    private ServeProcess(Process process, Uri url, StringBuilder output)
    {
        _process = process;
        Url = url;
        _output = output;
    }

    public Uri Url { get; }

    /// <summary>Everything the process wrote to stdout and stderr so far: its log.</summary>
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

    /// <summary>The server's resident memory now (VmRSS from /proc), in bytes.</summary>
    public long ResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException("no VmRSS in /proc status");
    }

    public bool HasExited => _process.HasExited;

    public static Task<ServeProcess> StartAsync(string home, params string[] extraArguments) => StartLoggingAsync(home, "Warning", extraArguments);

    /// <param name="logLevel">The least severe level the process logs.</param>
    public static Task<ServeProcess> StartLoggingAsync(string home, string logLevel, params string[] extraArguments) =>
        StartAsync(home, logLevel, new Dictionary<string, string>(), extraArguments);

    /// <param name="environment">Variables set for the process only, beside the test process's own.</param>
    public static async Task<ServeProcess> StartAsync(string home, string logLevel, IReadOnlyDictionary<string, string> environment, params string[] extraArguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[Path.Combine(AppContext.BaseDirectory, "qxm.dll"), "serve", "--port", "0", "--home", home, .. extraArguments])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.Environment["Logging__LogLevel__Default"] = logLevel;
        start.Environment["Logging__LogLevel__Microsoft.AspNetCore"] = logLevel;
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new StringBuilder();
        var process = new Process { StartInfo = start };
        void Collect(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
            }

            const string marker = "listening on ";
            var at = line.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                listening.TrySetResult(new Uri(line[(at + marker.Length)..].Trim()));
            }
        }

        process.OutputDataReceived += (_, e) => Collect(e.Data);
        process.ErrorDataReceived += (_, e) => Collect(e.Data);
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"qxm serve exited early:\n{output}"));
        process.EnableRaisingEvents = true;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var url = await listening.Task.WaitAsync(TimeSpan.FromSeconds(30));
            return new ServeProcess(process, url, output);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>Makes an admin key in the data directory (or store) before any server runs, as an operator does with
    /// <c>qxm keys create</c>; returns the secret.</summary>
    public static async Task<string> CreateAdminKeyAsync(string home, string? store = null)
    {
        string[] args = ["keys", "create", "--principal", "test-admin", "--role", "admin", "--home", home, "--output", "json"];
        var outcome = await CliOutcome.RunAsync(store is null ? args : [.. args, "--store", store]);
        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        using var document = System.Text.Json.JsonDocument.Parse(outcome.Stdout);
        return document.RootElement.GetProperty("secret").GetString()!;
    }

    /// <summary>A client of this process authenticated with <paramref name="key"/>.</summary>
    public HttpClient ClientWith(string key)
    {
        var client = new HttpClient { BaseAddress = Url };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>Ends the process at once, as a crash would: no shutdown, leases left held.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
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
