using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Qxm.Engine.Loops;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Cli.Commands;

public sealed class OptimizeCommandTests
{
    /// <summary>VQE for H2 on shot-based estimates with SPSA: every value depends on the seeded runs and every step on the
    /// values before it, so any lost, repeated or reordered evaluation after a crash would show in the trace.</summary>
    private const string Experiment = """
        name: vqe-h2-spsa
        kind: optimize
        circuit: vqe-h2.qasm
        shots: 500
        seed: 21
        observables:
          energy: {II: -0.3324042513238793, IZ: 0.39793742484318045, ZI: -0.39793742484318045, ZZ: -0.01128010425623538, XX: 0.18093119978423156}
        optimize:
          objective: energy
          method: spsa
          initial: {t0: 0.1, t1: 0.1, t2: 0.1, t3: 0.1}
          step: 0.3
          maxIterations: 40
          seed: 3
        """;

    [Fact]
    public async Task Optimize_KilledMidwayThenResumed_ReachesTheSameAnswerAsAnUninterruptedLoop()
    {
        using var files = new TempDirectory();
        var file = Path.Combine(files.Path, "vqe.yaml");
        await File.WriteAllTextAsync(file, Experiment);
        File.Copy(Repository.Example("vqe-h2.qasm"), Path.Combine(files.Path, "vqe-h2.qasm"));

        using var straight = new TempDirectory();
        var uninterrupted = await CliOutcome.RunAsync("optimize", file, "--home", straight.Path, "--output", "json");
        Assert.True(uninterrupted.ExitCode == 0, uninterrupted.ToString());

        using var crashed = new TempDirectory();
        var loopId = await KillMidwayAsync(file, crashed.Path, afterEvaluation: 15);
        var resumed = await CliOutcome.RunAsync("optimize", "--resume", loopId, "--home", crashed.Path, "--output", "json");
        Assert.True(resumed.ExitCode == 0, resumed.ToString());

        using var expected = JsonDocument.Parse(uninterrupted.Stdout);
        using var actual = JsonDocument.Parse(resumed.Stdout);
        Assert.Equal(Trace(expected), Trace(actual));
        Assert.Equal(40, Trace(actual).Count);
        Assert.Equal(
            expected.RootElement.GetProperty("loop").GetProperty("bestParameters").GetRawText(),
            actual.RootElement.GetProperty("loop").GetProperty("bestParameters").GetRawText());
        Assert.Equal("stopped", actual.RootElement.GetProperty("loop").GetProperty("state").GetString());

        var status = await CliOutcome.RunAsync("status", loopId, "--home", crashed.Path);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains($"{loopId} stopped after 40 evaluations", status.Stdout, StringComparison.Ordinal);
    }

    /// <summary>Starts <c>qxm optimize</c> as its own process and SIGKILLs it once it has reported the given evaluation
    /// (where it is told to hold: a loop this fast would otherwise often finish before the kill lands).</summary>
    private static async Task<string> KillMidwayAsync(string file, string home, int afterEvaluation)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { [LoopDriver.HoldAfterEvaluationSetting] = afterEvaluation.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
        foreach (var argument in (string[])[Path.Combine(AppContext.BaseDirectory, "qxm.dll"), "optimize", file, "--home", home])
        {
            start.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        var started = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var process = new Process { StartInfo = start };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not { } line)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
            }

            if (line.StartsWith("loop ", StringComparison.Ordinal) && line.EndsWith(" started", StringComparison.Ordinal))
            {
                started.TrySetResult(line.Split(' ')[1]);
            }

            if (line.Contains($" #{afterEvaluation}:", StringComparison.Ordinal))
            {
                reached.TrySetResult();
            }
        };
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            var loopId = await started.Task.WaitAsync(TimeSpan.FromSeconds(60));
            await reached.Task.WaitAsync(TimeSpan.FromSeconds(60));
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.DoesNotContain($" #{afterEvaluation + 1}:", output.ToString(), StringComparison.Ordinal);
            return loopId;
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static List<string> Trace(JsonDocument document) =>
        [.. document.RootElement.GetProperty("evaluations").EnumerateArray()
            .Select(e => $"{e.GetProperty("index").GetInt32()} {e.GetProperty("parameters").GetRawText()} {e.GetProperty("value").GetRawText()}")];
}
