using Qxm.Circuits.Ir;

namespace Qxm.Simulation.Tests.StateVector.Engine;

/// <summary>Random circuits over the whole gate library, with random operands and angles, for differential tests.</summary>
internal static class RandomCircuits
{
    public static Circuit Create(int seed, int qubits, int gates, bool measure = false)
    {
        var rng = new Random(seed);
        var library = GateLibrary.Gates.Where(g => g.Qubits <= qubits).ToArray();
        var common = library.Where(g => g.Name is "rx" or "ry" or "rz" or "h" or "cx" or "cu1" or "swap").ToArray();
        var builder = new CircuitBuilder(qubits, measure ? qubits : 0);
        for (var i = 0; i < gates; i++)
        {
            // Every third gate from the benchmark mix, so structured kernels get as much exercise as rare gates.
            var gate = i % 3 == 0 ? common[rng.Next(common.Length)] : library[rng.Next(library.Length)];
            var operands = Enumerable.Range(0, qubits).OrderBy(_ => rng.Next()).Take(gate.Qubits).ToArray();
            var parameters = Enumerable.Range(0, gate.Parameters).Select(_ => (rng.NextDouble() * 4 * Math.PI) - (2 * Math.PI)).ToArray();
            builder.Gate(gate.Name, parameters, operands);
        }

        return measure ? builder.MeasureAll().Build() : builder.Build();
    }
}
