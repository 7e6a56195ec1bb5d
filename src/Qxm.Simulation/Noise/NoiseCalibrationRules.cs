using System.Globalization;

namespace Qxm.Simulation.Noise;

/// <summary>What makes a calibration a valid source of quantum channels: probabilities in [0, 1], positive times,
/// T2 ≤ 2·T1 (a coherence cannot outlive twice the population decay), finite non-negative durations.</summary>
internal static class NoiseCalibrationRules
{
    public static List<string> Check(NoiseCalibration calibration)
    {
        var problems = new List<string>();
        if (calibration.Qubits is null || calibration.Gates is null || calibration.OneQubitDefault is null || calibration.MultiQubitDefault is null)
        {
            problems.Add("qubits, gates and both gate defaults are required");
            return problems;
        }

        for (var q = 0; q < calibration.Qubits.Count; q++)
        {
            var qubit = calibration.Qubits[q];
            if (qubit is null)
            {
                problems.Add($"qubit {q}: missing");
                continue;
            }

            var t1Valid = CheckTime(problems, $"qubit {q}: T1", qubit.T1Seconds);
            var t2Valid = CheckTime(problems, $"qubit {q}: T2", qubit.T2Seconds);
            if (t1Valid && t2Valid && qubit.T2Seconds > 2 * qubit.T1Seconds)
            {
                problems.Add(Format($"qubit {q}: T2 = {qubit.T2Seconds:G6} s exceeds 2·T1 = {2 * qubit.T1Seconds:G6} s, which no physical qubit allows"));
            }

            CheckProbability(problems, $"qubit {q}: readout error P(1|0)", qubit.ReadOneGivenZero);
            CheckProbability(problems, $"qubit {q}: readout error P(0|1)", qubit.ReadZeroGivenOne);
        }

        CheckGate(problems, "default one-qubit gate", calibration.OneQubitDefault);
        CheckGate(problems, "default multi-qubit gate", calibration.MultiQubitDefault);
        foreach (var gate in calibration.Gates)
        {
            if (gate is null || string.IsNullOrWhiteSpace(gate.Gate) || gate.Noise is null)
            {
                problems.Add("a gate entry has no gate name or no noise figures");
                continue;
            }

            var label = gate.Qubits is null ? $"gate {gate.Gate}" : $"gate {gate.Gate} on [{string.Join(", ", gate.Qubits)}]";
            CheckGate(problems, label, gate.Noise);
            if (gate.Qubits is { } qubits)
            {
                if (qubits.Count == 0 || qubits.Any(q => q < 0 || q >= calibration.Qubits.Count))
                {
                    problems.Add($"{label}: operands must be among the {calibration.Qubits.Count} calibrated qubits");
                }
                else if (qubits.Distinct().Count() != qubits.Count)
                {
                    problems.Add($"{label}: an operand repeats");
                }
            }
        }

        return problems;
    }

    private static void CheckGate(List<string> problems, string label, GateNoise noise)
    {
        CheckProbability(problems, $"{label}: error rate", noise.ErrorRate);
        if (!double.IsFinite(noise.DurationSeconds) || noise.DurationSeconds < 0)
        {
            problems.Add(Format($"{label}: duration {noise.DurationSeconds} s must be finite and not negative"));
        }
    }

    private static bool CheckTime(List<string> problems, string label, double seconds)
    {
        if (double.IsNaN(seconds) || seconds <= 0)
        {
            problems.Add(Format($"{label} = {seconds} s must be positive (infinity for none)"));
            return false;
        }

        return true;
    }

    private static void CheckProbability(List<string> problems, string label, double p)
    {
        if (!(p is >= 0 and <= 1))
        {
            problems.Add(Format($"{label} = {p} is not a probability in [0, 1]"));
        }
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
