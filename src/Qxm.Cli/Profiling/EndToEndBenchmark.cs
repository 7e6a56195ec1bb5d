using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Qxm.Cli.Profiling;

/// <summary><c>qxm bench --end-to-end</c>: runs <c>qxm run FILE --timings</c> for each circuit in a fresh process with a
/// fresh data directory, times the whole process from outside, and reads its phases from the line it prints.</summary>
internal static class EndToEndBenchmark
{
    /// <summary>The columns, in order: wall time, then the phases <see cref="RunTimings"/> reports, then what is left
    /// (process exit and whatever no phase covers).</summary>
    public static readonly string[] Columns =
    [
        "wall", "startup", "open", "submit", "compile", "plan", "memory", "passes", "marginals", "sampling", "trajectories",
        "store-result", "dispatch", "print", "close", "other",
    ];

    /// <summary>One fresh <c>qxm run</c> of <paramref name="file"/>: the wall time and each phase, in seconds.</summary>
    public static async Task<Dictionary<string, double>> RunOnceAsync(string file, int shots, string? backend, CancellationToken cancellationToken)
    {
        var home = Directory.CreateTempSubdirectory("qxm-e2e-");
        try
        {
            var (executable, prefix) = Self();
            var start = new ProcessStartInfo(executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in prefix.Concat(["run", file, "--shots", shots.ToString(CultureInfo.InvariantCulture), "--home", home.FullName, "--timings", "-o", "json"]))
            {
                start.ArgumentList.Add(argument);
            }

            if (backend is not null)
            {
                start.ArgumentList.Add("--backend");
                start.ArgumentList.Add(backend);
            }

            var clock = Stopwatch.StartNew();
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {executable}");
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            var wall = clock.Elapsed.TotalSeconds;
            await stdout;
            var errors = await stderr;
            if (process.ExitCode != 0)
            {
                throw new UsageException($"qxm run {Path.GetFileName(file)} exited with {process.ExitCode}: {errors.Trim()}");
            }

            var line = errors.Split('\n').LastOrDefault(l => l.StartsWith(RunTimings.LinePrefix, StringComparison.Ordinal))
                ?? throw new UsageException($"qxm run {Path.GetFileName(file)} printed no timings");
            var phases = JsonSerializer.Deserialize<Dictionary<string, double>>(line[RunTimings.LinePrefix.Length..])!;
            phases["wall"] = wall;
            phases["print"] = phases.GetValueOrDefault("print") + phases.GetValueOrDefault("fetch-result");
            phases["startup"] = phases.GetValueOrDefault("startup") + phases.GetValueOrDefault("parse-arguments");
            phases["other"] = Math.Max(0, wall - Columns.Where(c => c is not "wall" and not "other").Sum(c => phases.GetValueOrDefault(c)));
            return phases;
        }
        finally
        {
            home.Delete(recursive: true);
        }
    }

    /// <summary>This executable, or the host and qxm.dll beside this code when it runs inside another program (tests).</summary>
    internal static (string Executable, string[] Prefix) Self()
    {
        var path = Environment.ProcessPath;
        if (path is not null && Path.GetFileNameWithoutExtension(path) == "qxm")
        {
            return (path, []);
        }

        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH")
            ?? (path is not null && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet");
        return (host, [Path.Combine(AppContext.BaseDirectory, "qxm.dll")]);
    }
}
