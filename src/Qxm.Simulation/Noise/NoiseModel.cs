using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Qxm.Domain.Errors;

namespace Qxm.Simulation.Noise;

/// <summary>A noise model derived from a calibration: after each gate, thermal relaxation of its qubits for the gate's
/// duration and a depolarizing error on them that brings the gate's average infidelity up to its calibrated error rate;
/// at each measurement, the measured qubit's readout error. Built only from valid numbers: <see cref="FromCalibration"/>
/// refuses anything else, so no simulation starts on a model that is not a quantum channel.</summary>
/// <remarks>The depolarizing part accounts for the infidelity relaxation already causes, as Qiskit Aer's device models
/// do, so a gate's total error is its calibrated rate and not the sum of both. When relaxation alone exceeds the rate,
/// there is no depolarizing part.</remarks>
public sealed class NoiseModel
{
    private readonly Dictionary<string, GateNoise> _byOperands = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GateNoise> _byName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, NoiseChannel[]> _channels = new(StringComparer.Ordinal);

    private NoiseModel(NoiseCalibration calibration)
    {
        Calibration = calibration;
        foreach (var gate in calibration.Gates)
        {
            if (gate.Qubits is null)
            {
                _byName[gate.Gate] = gate.Noise;
            }
            else
            {
                _byOperands[OperandKey(gate.Gate, [.. gate.Qubits])] = gate.Noise;
            }
        }

        Fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalText(calibration))));
    }

    public NoiseCalibration Calibration { get; }

    /// <summary>The qubits the calibration describes; circuits may use no others.</summary>
    public int QubitCount => Calibration.Qubits.Count;

    /// <summary>SHA-256 over a canonical text of the calibration, for provenance: equal numbers, equal fingerprint.</summary>
    public string Fingerprint { get; }

    /// <summary>Checks every number of <paramref name="calibration"/> and builds the model.</summary>
    /// <exception cref="QxmException">Some probability lies outside [0, 1], a time is not positive, T2 exceeds 2·T1, or a
    /// gate entry names no gate or qubits the calibration lacks. The message lists every problem found.</exception>
    public static NoiseModel FromCalibration(NoiseCalibration calibration)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        var problems = NoiseCalibrationRules.Check(calibration);
        return problems.Count == 0
            ? new NoiseModel(calibration)
            : throw new QxmException($"invalid noise calibration: {string.Join("; ", problems)}");
    }

    /// <summary>Refuses a circuit wider than the calibration before any simulation work.</summary>
    internal void RequireQubits(int circuitQubits)
    {
        if (circuitQubits > QubitCount)
        {
            throw new QxmException(
                $"the circuit uses {circuitQubits} qubits but the noise calibration describes only {QubitCount}");
        }
    }

    internal QubitCalibration Qubit(int qubit) => Calibration.Qubits[qubit];

    /// <summary>The channels that follow gate <paramref name="gate"/> on <paramref name="qubits"/>: relaxation per qubit,
    /// then one depolarizing channel on all of them. Computed once per gate and operands.</summary>
    internal NoiseChannel[] ChannelsAfter(string gate, ReadOnlySpan<int> qubits)
    {
        var key = OperandKey(gate, qubits);
        if (_channels.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var operands = qubits.ToArray();
        var noise = _byOperands.GetValueOrDefault(key)
            ?? _byName.GetValueOrDefault(gate)
            ?? (operands.Length == 1 ? Calibration.OneQubitDefault : Calibration.MultiQubitDefault);
        return _channels.GetOrAdd(key, Build(noise, operands));
    }

    private NoiseChannel[] Build(GateNoise noise, int[] qubits)
    {
        var channels = new List<NoiseChannel>();
        var t = noise.DurationSeconds;

        // Process fidelity of the relaxation alone: per qubit the trace of its Pauli transfer matrix over 4.
        var relaxationFidelity = 1.0;
        if (t > 0)
        {
            foreach (var q in qubits)
            {
                var (t1, t2) = (Calibration.Qubits[q].T1Seconds, Calibration.Qubits[q].T2Seconds);
                var population = Math.Exp(-t / t1);
                var coherence = Math.Exp(-t / t2);
                relaxationFidelity *= (1 + (2 * coherence) + population) / 4;

                // What T2 leaves after amplitude damping's own share e^(-t/2T1); at most 1 because T2 <= 2·T1.
                var dephasing = Math.Min(1, Math.Exp((-t / t2) + (t / (2 * t1))));
                var relaxation = new RelaxationChannel(q, 1 - population, (1 - dephasing) / 2);
                if (relaxation.Gamma > 0 || relaxation.PhaseFlip > 0)
                {
                    channels.Add(relaxation);
                }
            }
        }

        if (noise.ErrorRate > 0)
        {
            // Average infidelity e means process fidelity 1 - e(d+1)/d. Depolarizing by λ after a channel of process
            // fidelity F gives (1 - λ)F + λ/d², which is solved for λ.
            var d = Math.Pow(2, qubits.Length);
            var target = 1 - (noise.ErrorRate * (d + 1) / d);
            var lambda = Math.Clamp((relaxationFidelity - target) / (relaxationFidelity - (1 / (d * d))), 0, 1);
            if (lambda > 0)
            {
                channels.Add(new DepolarizingChannel(qubits, lambda));
            }
        }

        return [.. channels];
    }

    private static string OperandKey(string gate, ReadOnlySpan<int> qubits)
    {
        var sb = new StringBuilder(gate).Append('|');
        foreach (var q in qubits)
        {
            sb.Append(q).Append(',');
        }

        return sb.ToString();
    }

    private static string CanonicalText(NoiseCalibration calibration)
    {
        var sb = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        foreach (var q in calibration.Qubits)
        {
            sb.Append(c, $"qubit {q.T1Seconds:R} {q.T2Seconds:R} {q.ReadOneGivenZero:R} {q.ReadZeroGivenOne:R}\n");
        }

        foreach (var g in calibration.Gates)
        {
            var operands = g.Qubits is null ? "*" : string.Join(',', g.Qubits);
            sb.Append(c, $"gate {g.Gate} {operands} {g.Noise.ErrorRate:R} {g.Noise.DurationSeconds:R}\n");
        }

        sb.Append(c, $"default1 {calibration.OneQubitDefault.ErrorRate:R} {calibration.OneQubitDefault.DurationSeconds:R}\n");
        sb.Append(c, $"default2 {calibration.MultiQubitDefault.ErrorRate:R} {calibration.MultiQubitDefault.DurationSeconds:R}\n");
        return sb.ToString();
    }
}
