using System.CommandLine;
using System.Globalization;
using Qxm.Domain.Errors;
using Qxm.Simulation.Benchmarking;
using Qxm.Simulation.StateVector;

namespace Qxm.Cli.Commands;

/// <summary><c>qxm bench</c>: times the built-in state-vector engine on a directory of circuits, in this process, and
/// relates each time to the machine's memory bandwidth measured in the same run.</summary>
internal static class BenchCommand
{
    public static Command Create(GlobalOptions globals, CliConsole console)
    {
        var circuits = new Option<string>("--circuits")
        {
            Description = "Directory whose .qasm circuits are run",
            DefaultValueFactory = _ => Path.Combine("bench", "circuits"),
            HelpName = "DIR",
        };
        // No default value in help: it would differ from machine to machine (and break the help snapshot).
        var threads = new Option<int?>("--threads")
        {
            Description = "Simulator threads (1-1024; default: the processor count)",
            HelpName = "N",
        };
        var precision = new Option<string>("--precision")
        {
            Description = "Amplitude precision",
            DefaultValueFactory = _ => "double",
            HelpName = "double|single",
        }.AcceptOnlyFromAmong("double", "single");
        var repetitions = new Option<int>("--repetitions")
        {
            Description = "Runs per circuit; the fastest counts (1-100)",
            DefaultValueFactory = _ => 1,
            HelpName = "N",
        };
        var noTiles = new Option<bool>("--no-tiles")
        {
            Description = "Sweep each block once per gate instead of generated tile kernels (for comparison)",
        };
        var command = new Command("bench", "Time the built-in simulator on a directory of circuits")
        {
            circuits, threads, precision, repetitions, noTiles,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var context = globals.Read(parseResult, console);
            var directory = parseResult.GetValue(circuits)!;
            if (!Directory.Exists(directory))
            {
                throw new UsageException($"--circuits: directory '{directory}' does not exist");
            }

            var options = new BenchmarkOptions
            {
                Threads = parseResult.GetValue(threads) ?? Environment.ProcessorCount,
                Precision = parseResult.GetValue(precision) == "single" ? SimulationPrecision.Single : SimulationPrecision.Double,
                Repetitions = parseResult.GetValue(repetitions),
                Tiles = !parseResult.GetValue(noTiles),
            };
            try
            {
                options.Validate();
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw new UsageException($"--{e.ParamName?.ToLowerInvariant()}: {e.ActualValue} is out of range");
            }

            BenchmarkReport report;
            try
            {
                report = SimulatorBenchmark.Run(directory, options, cancellationToken);
            }
            catch (QxmException e)
            {
                return Task.FromResult(context.Fail(ExitCodes.InvalidInput, e.Message));
            }

            context.Say(string.Create(
                CultureInfo.InvariantCulture,
                $"{report.Vectors}; {report.Threads} thread(s), {report.Precision.ToString().ToLowerInvariant()} precision; in-place bandwidth {report.BandwidthBytesPerSecond / 1e9:F1} GB/s"));
            if (context.IsJson)
            {
                context.WriteJson(report.Circuits);
            }
            else
            {
                WriteTable(console.Stdout, report);
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static void WriteTable(TextWriter writer, BenchmarkReport report)
    {
        writer.WriteLine("circuit            qubits  gates  passes    seconds      first     gates/s  bandwidth  x unfused bound");
        foreach (var c in report.Circuits)
        {
            writer.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{c.Circuit,-18} {c.Qubits,6} {c.Gates,6} {c.Passes,7} {c.Seconds,10:F4} {c.FirstSeconds,10:F4} {c.GatesPerSecond,11:F0} {c.BandwidthFraction,10:P0} {c.MultipleOfUnfusedBound,16:F2}"));
        }
    }
}
