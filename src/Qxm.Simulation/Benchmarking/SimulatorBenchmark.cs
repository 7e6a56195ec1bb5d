using System.Diagnostics;
using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;
using Qxm.Domain.Errors;
using Qxm.Simulation.StateVector;
using Qxm.Simulation.StateVector.Engine;

namespace Qxm.Simulation.Benchmarking;

/// <summary>Times the state-vector engine on every <c>.qasm</c> file of a directory and relates each time to the
/// machine's memory bandwidth, measured in the same run, so figures from a busy or different machine stay comparable.</summary>
public static class SimulatorBenchmark
{
    /// <summary>Bytes the bandwidth probe sweeps: larger than any cache, the size of a 24-qubit double state.</summary>
    private const long ProbeBytes = 256L << 20;

    private static readonly string[] WarmUpHeader = ["OPENQASM 2.0;", "include \"qelib1.inc\";", "qreg q[16];"];

    /// <summary>Runs every circuit in <paramref name="directory"/> (ordinal file order) and reports its figures.</summary>
    /// <exception cref="QxmException">A file does not parse, or its state does not fit in memory.</exception>
    public static BenchmarkReport Run(string directory, BenchmarkOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var files = Directory.GetFiles(directory, "*.qasm").Order(StringComparer.Ordinal).ToArray();
        var circuits = files.Select(f => (Name: Path.GetFileNameWithoutExtension(f), Circuit: Parse(f))).ToArray();
        var simulatorOptions = options.ToSimulatorOptions();

        // Compiles the kernels for this width and precision before anything is timed.
        RunOnce(WarmUpCircuit(), simulatorOptions, cancellationToken);
        var bandwidth = BandwidthProbe.Measure(ProbeBytes, options.Threads);
        var results = new List<CircuitBenchmark>();
        foreach (var (name, circuit) in circuits)
        {
            var best = double.MaxValue;
            var first = 0.0;
            var passes = 0;
            for (var r = 0; r < options.Repetitions; r++)
            {
                var (seconds, runPasses) = RunOnce(circuit, simulatorOptions, cancellationToken);
                first = r == 0 ? seconds : first;
                best = Math.Min(best, seconds);
                passes = runPasses;
            }

            var gates = circuit.Operations.Count(o => o is GateOperation);
            var passSeconds = 2.0 * StateBytes(circuit.QubitCount, options) / bandwidth;
            var bound = gates * passSeconds;
            results.Add(new CircuitBenchmark(
                name, circuit.QubitCount, gates, passes, best, first, gates / best, passes * passSeconds / best, bound, bound / best));
        }

        return new BenchmarkReport(StateVectorEngine.VectorDescription, options.Threads, options.Precision, bandwidth, results);
    }

    private static (double Seconds, int Passes) RunOnce(Circuit circuit, SimulatorOptions options, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var compiled = CircuitCompiler.Compile(circuit);
        using var state = StateVectorSimulator.Evolve(compiled, options, cancellationToken);
        var seconds = stopwatch.Elapsed.TotalSeconds;
        return (seconds, state.Plan.Passes.Count);
    }

    private static long StateBytes(int qubits, BenchmarkOptions options) =>
        (options.Precision == SimulationPrecision.Single ? 8L : 16L) << qubits;

    private static Circuit Parse(string file)
    {
        var result = OpenQasmParser.Parse(File.ReadAllText(file), file);
        if (result.Circuit is null || result.Diagnostics.Any(d => d.IsError))
        {
            var first = result.Diagnostics.FirstOrDefault(d => d.IsError);
            throw new QxmException($"{Path.GetFileName(file)}: {first?.Message ?? "does not parse"}");
        }

        return result.Circuit;
    }

    private static Circuit WarmUpCircuit()
    {
        var source = string.Join('\n', WarmUpHeader.Concat(Enumerable.Range(0, 16).SelectMany(q => new[]
            {
                $"h q[{q}];", $"rx(0.3) q[{q}];", $"ry(0.4) q[{q}];", $"rz(0.5) q[{q}];", $"cx q[{q}],q[{(q + 1) % 16}];",
                $"cu1(0.2) q[{q}],q[{(q + 5) % 16}];", $"swap q[{q}],q[{(q + 3) % 16}];",
            })));
        return OpenQasmParser.Parse(source, "warm-up").Circuit ?? throw new QxmException("the warm-up circuit does not parse");
    }
}
