using System.Diagnostics;
using System.Globalization;
using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;
using Qxm.Simulation.Noise;
using Qxm.Simulation.StateVector;

namespace Qxm.Benchmarks;

/// <summary>Noisy trajectories against one ideal run of the same gates, in one process and alternating round by round,
/// so that a shared machine's load hits both alike: the ratio is the figure to compare across machines. The noise is
/// <c>sim.noisy</c>'s built-in calibration; CPU time is the process's, steadier than wall time under load.</summary>
internal static class TrajectoryBenchmark
{
    public static void Run(TextWriter output, string file, int shots, int rounds)
    {
        var parsed = OpenQasmParser.Parse(File.ReadAllText(file), Path.GetFileName(file));
        var circuit = parsed.Circuit ?? throw new InvalidOperationException(parsed.Diagnostics[0].ToString());
        var noise = NoiseModel.FromCalibration(NoiseCalibration.Default(circuit.QubitCount));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Path.GetFileName(file)}: {circuit.QubitCount} qubits, {circuit.Operations.Length} operations, {shots} shots, load {LoadAverage()}"));
        output.WriteLine("round   ideal_s   ideal_cpu_s   noisy_s   noisy_cpu_s   noisy/ideal");
        var best = (Ideal: double.MaxValue, Noisy: double.MaxValue);
        for (var round = 0; round < rounds; round++)
        {
            var ideal = Time(() => StateVectorSimulator.Run(circuit, 1000, 7));
            var noisy = Time(() => TrajectorySimulator.Run(circuit, noise, shots, 7, TrajectoryOptions.Default));
            best = (Math.Min(best.Ideal, ideal.Wall), Math.Min(best.Noisy, noisy.Wall));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{round,5} {ideal.Wall,9:F3} {ideal.Cpu,13:F3} {noisy.Wall,9:F3} {noisy.Cpu,13:F3} {noisy.Wall / ideal.Wall,13:F1}"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"best: ideal {best.Ideal:F3} s, noisy {best.Noisy:F3} s ({best.Noisy / best.Ideal:F1} ideal runs), load {LoadAverage()}"));
    }

    private static (double Wall, double Cpu) Time(Func<SimulationOutcome> run)
    {
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        GC.KeepAlive(run());
        stopwatch.Stop();
        process.Refresh();
        return (stopwatch.Elapsed.TotalSeconds, (process.TotalProcessorTime - cpu).TotalSeconds);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
