using System.CommandLine;
using System.Globalization;
using Qxm.Cli.Profiling;
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
        var endToEnd = new Option<bool>("--end-to-end")
        {
            Description = "Also time a whole 'qxm run' of each circuit in a fresh process and data directory, split into its phases",
        };
        var shots = new Option<int>("--shots")
        {
            Description = "With --end-to-end: shots per run",
            DefaultValueFactory = _ => 1000,
            HelpName = "N",
        };
        var backend = new Option<string?>("--backend")
        {
            Description = "With --end-to-end: the backend the runs use (default: the run's default)",
            HelpName = "ID",
        };
        var command = new Command("bench", "Time the built-in simulator on a directory of circuits")
        {
            circuits, threads, precision, repetitions, noTiles, endToEnd, shots, backend,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
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
                return context.Fail(ExitCodes.InvalidInput, e.Message);
            }

            context.Say(string.Create(
                CultureInfo.InvariantCulture,
                $"{report.Vectors}; {report.Threads} thread(s), {report.Precision.ToString().ToLowerInvariant()} precision; in-place bandwidth {report.BandwidthBytesPerSecond / 1e9:F1} GB/s"));
            if (parseResult.GetValue(endToEnd))
            {
                var runShots = parseResult.GetValue(shots);
                if (runShots < 1)
                {
                    throw new UsageException($"--shots: {runShots} is out of range");
                }

                var rows = new List<EndToEndRow>();
                foreach (var c in report.Circuits)
                {
                    var file = Path.Combine(directory, c.Circuit + ".qasm");
                    Dictionary<string, double>? best = null;
                    for (var r = 0; r < options.Repetitions; r++)
                    {
                        var phases = await EndToEndBenchmark.RunOnceAsync(file, runShots, parseResult.GetValue(backend), cancellationToken);
                        best = best is null || phases["wall"] < best["wall"] ? phases : best;
                    }

                    rows.Add(new EndToEndRow(c.Circuit, c.Qubits, c.Seconds, best!));
                }

                if (context.IsJson)
                {
                    context.WriteJson(rows);
                }
                else
                {
                    WriteEndToEndTable(console.Stdout, rows);
                }

                return ExitCodes.Success;
            }

            if (context.IsJson)
            {
                context.WriteJson(report.Circuits);
            }
            else
            {
                WriteTable(console.Stdout, report);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Each column in seconds, the fastest whole process of the repetitions; engine-only is the bench's
    /// in-process figure for the same circuit.</summary>
    private static void WriteEndToEndTable(TextWriter writer, List<EndToEndRow> rows)
    {
        var columns = EndToEndBenchmark.Columns;
        writer.WriteLine($"{"circuit",-16} {"engine",8} " + string.Join(' ', columns.Select(c => $"{Abbreviate(c),8}")));
        foreach (var row in rows)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{row.Circuit,-16} {row.EngineSeconds,8:F3} ")
                + string.Join(' ', columns.Select(c => string.Create(CultureInfo.InvariantCulture, $"{row.Phases.GetValueOrDefault(c),8:F3}"))));
        }
    }

    private static string Abbreviate(string column) => column.Length <= 8 ? column : column[..8];

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
