using Qxm.Domain.Backends;
using Qxm.Domain.Errors;
using Qxm.Simulation.Noise;

namespace Qxm.Backends.Simulators;

/// <summary>Turns a device's <see cref="CalibrationSnapshot"/> (microseconds, nanoseconds, one readout error per qubit)
/// into the plain numbers a <see cref="NoiseModel"/> is built from, so a noisy simulation can run under the very
/// calibration a device reported: T1/T2 for relaxation and dephasing, each gate entry's error and duration on its
/// qubits (an entry without qubits stands for every tuple, as all-to-all devices list it), readout error for both
/// flips. Gates the snapshot does not list take the mean of its one- and multi-qubit entries.</summary>
public static class SnapshotNoise
{
    /// <exception cref="QxmException">The snapshot lacks a qubit between 0 and its highest, or lists one twice.</exception>
    public static NoiseCalibration ToNoiseCalibration(CalibrationSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var byQubit = new Dictionary<int, Domain.Backends.QubitCalibration>();
        foreach (var q in snapshot.Qubits)
        {
            if (!byQubit.TryAdd(q.Qubit, q))
            {
                throw new QxmException($"calibration of {snapshot.Backend}: qubit {q.Qubit} is listed twice");
            }
        }

        var count = byQubit.Count == 0 ? 0 : byQubit.Keys.Max() + 1;
        var qubits = new List<Simulation.Noise.QubitCalibration>(count);
        for (var q = 0; q < count; q++)
        {
            if (!byQubit.TryGetValue(q, out var c))
            {
                throw new QxmException($"calibration of {snapshot.Backend}: qubit {q} has no T1, T2 or readout error");
            }

            qubits.Add(new Simulation.Noise.QubitCalibration(c.T1Us * 1e-6, c.T2Us * 1e-6, c.ReadoutError, c.ReadoutError));
        }

        var gates = snapshot.Gates
            .Select(g => new Simulation.Noise.GateCalibration(g.Gate, g.Qubits.Count == 0 ? null : g.Qubits, Noise(g)))
            .ToList();
        return new NoiseCalibration(
            qubits,
            gates,
            Mean(snapshot.Gates.Where(g => g.Qubits.Count == 1)),
            Mean(snapshot.Gates.Where(g => g.Qubits.Count != 1)));
    }

    private static GateNoise Noise(Domain.Backends.GateCalibration gate) => new(gate.Error, gate.DurationNs * 1e-9);

    private static GateNoise Mean(IEnumerable<Domain.Backends.GateCalibration> gates)
    {
        var list = gates.ToList();
        return list.Count == 0
            ? new GateNoise(0, 0)
            : new GateNoise(list.Average(g => g.Error), list.Average(g => g.DurationNs) * 1e-9);
    }
}
