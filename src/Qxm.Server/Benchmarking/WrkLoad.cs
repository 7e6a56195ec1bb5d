using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Qxm.Server.Benchmarking;

/// <summary>Drives the submission measurement with wrk (Debian package <c>wrk</c>) when it is installed. On a 2-core
/// machine a .NET client spends about as much CPU per request as the server's durable submission path, so with it the
/// figure measures the client as much as the server; wrk's per-request cost is a small fraction of that.</summary>
internal static partial class WrkLoad
{
    public const string Name = "wrk";

    public static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, Name))
            .FirstOrDefault(File.Exists);

    /// <summary>POSTs <paramref name="body"/> from <paramref name="clients"/> connections for <paramref name="duration"/>;
    /// throws when any answer is not 2xx.</summary>
    public static async Task<(double Rate, LatencyFigures Latency)> RunAsync(
        string wrk, Uri server, string body, string? authorization, int clients, TimeSpan duration, CancellationToken cancellationToken)
    {
        var script = Path.Combine(Path.GetTempPath(), $"qxm-bench-{Guid.NewGuid():N}.lua");
        var escaped = body.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
        var header = authorization is null ? "" : $"wrk.headers[\"Authorization\"] = \"{authorization}\"\n";
        await File.WriteAllTextAsync(script,
            $"wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\n{header}wrk.body = \"{escaped}\"\n", cancellationToken);
        try
        {
            var start = new ProcessStartInfo(wrk) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in (string[])["-t1", $"-c{clients}", $"-d{(int)Math.Ceiling(duration.TotalSeconds)}s", "--latency", "-s", script,
                new Uri(server, "/api/v1/runs").ToString()])
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start");
            var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0 || output.Contains("Non-2xx", StringComparison.Ordinal) || output.Contains("Socket errors", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"wrk reported failed requests:\n{output}");
            }

            var rate = double.Parse(RatePattern().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
            return (rate, new LatencyFigures(Percentile(output, "50"), Percentile(output, "99"), Milliseconds(MaxPattern().Match(output).Groups[1].Value)));
        }
        finally
        {
            File.Delete(script);
        }
    }

    private static double Percentile(string output, string percent) =>
        Milliseconds(Regex.Match(output, $@"^\s+{percent}%\s+(\S+)", RegexOptions.Multiline, TimeSpan.FromSeconds(1)).Groups[1].Value);

    /// <summary>wrk prints durations as 850.00us, 9.25ms or 1.02s.</summary>
    private static double Milliseconds(string text)
    {
        var unit = text.EndsWith("us", StringComparison.Ordinal) ? 0.001 : text.EndsWith("ms", StringComparison.Ordinal) ? 1 : 1000;
        var number = text.TrimEnd('u', 'm', 's');
        return double.Parse(number, CultureInfo.InvariantCulture) * unit;
    }

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex RatePattern();

    [GeneratedRegex(@"^\s+Latency\s+\S+\s+\S+\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex MaxPattern();
}
