using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Qxm.Cli.Profiling;
using Qxm.Server.Fuzzing;

namespace Qxm.Cli.Commands;

/// <summary><c>qxm fuzz-api</c>: generated and mutated requests against every endpoint of a server on loopback (its own
/// child <c>qxm serve</c> unless <c>--server</c> names one), checking for 5xx, hangs, crashes and memory growth.</summary>
internal static class FuzzApiCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var requests = new Option<long>("--requests") { Description = "Requests to send (at most 10^8)", DefaultValueFactory = _ => 1_000_000, HelpName = "N" };
        var seed = new Option<ulong>("--seed") { Description = "Seeds the generator", DefaultValueFactory = _ => 1, HelpName = "S" };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight at once (1-256)", DefaultValueFactory = _ => 8, HelpName = "N" };
        var duration = new Option<double>("--max-seconds") { Description = "Stop after this long whatever the count", DefaultValueFactory = _ => 7200, HelpName = "S" };
        var pid = new Option<int?>("--server-pid") { Description = "With --server: the server's process id, to watch its resident memory", HelpName = "PID" };
        var maxResident = new Option<long>("--max-resident-mib") { Description = "Fail when the server's resident memory passes this", DefaultValueFactory = _ => 1024, HelpName = "MIB" };
        var command = new Command("fuzz-api", "Fuzz the REST API of a server on loopback: 0 5xx, 0 hangs, 0 crashes and bounded memory, or a non-zero exit")
        {
            requests, seed, concurrency, duration, pid, maxResident,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Read(parseResult, console);
            var seconds = parseResult.GetValue(duration);
            if (!double.IsFinite(seconds) || seconds <= 0 || seconds > 86_400)
            {
                return context.Fail(ExitCodes.InvalidInput, "--max-seconds must be between 0 and 86400");
            }

            using var home = context.Server is null ? new ScratchHome() : null;
            using var child = home is null ? null : await ChildServer.StartAsync(home.Path, [], cancellationToken);
            var server = child?.Url ?? context.Server!;
            var watched = child?.ProcessId ?? parseResult.GetValue(pid);
            var options = new ApiFuzzOptions(
                server,
                parseResult.GetValue(requests),
                parseResult.GetValue(seed),
                parseResult.GetValue(concurrency),
                MaxDuration: TimeSpan.FromSeconds(seconds),
                ResidentBytes: watched is { } id ? () => ResidentBytes(id) : null,
                MaxResidentBytes: parseResult.GetValue(maxResident) * 1024 * 1024,
                ApiKey: child is null ? Connection.Credentials.Resolve(context.Credentials, Environment.GetEnvironmentVariable) : null);
            try
            {
                options.Validate();
            }
            catch (ArgumentException e)
            {
                return context.Fail(ExitCodes.InvalidInput, e.Message);
            }

            console.Stderr.WriteLine($"fuzz: {options.Requests:N0} requests to {server} with seed {options.Seed}, {options.Concurrency} at once");
            var report = await ApiFuzzer.RunAsync(options, line => console.Stderr.WriteLine($"fuzz: {line}"), cancellationToken);
            if (context.IsJson)
            {
                context.WriteJson(report);
            }
            else
            {
                console.Stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{(report.Passed ? "passed" : "FAILED")}: {report.Sent:N0} requests in {report.Seconds:0.0} s ({report.Sent / Math.Max(report.Seconds, 1e-9):0}/s); "
                    + $"{report.ServerErrors} 5xx, {report.Hangs} hangs, {report.ConnectionFailures} connection failures ({report.Resent} resent after a closed keep-alive connection), "
                    + $"peak resident {report.PeakResidentBytes >> 20} MiB, {report.NonProblemClientErrors} 4xx without a problem body"));
                console.Stdout.WriteLine("statuses: " + string.Join(", ", report.ByStatus.Select(p => $"{p.Key}: {p.Value:N0}")));
                foreach (var finding in report.Findings)
                {
                    console.Stdout.WriteLine("finding: " + finding);
                }
            }

            return report.Passed ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }

    private static long? ResidentBytes(int processId)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{processId}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
            // The process is gone.
        }

        return null;
    }

    /// <summary>A data directory of its own for the child server, removed afterwards.</summary>
    private sealed class ScratchHome : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("qxm-fuzz-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
