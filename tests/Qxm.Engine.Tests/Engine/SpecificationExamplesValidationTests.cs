using Qxm.Backends.Simulators;
using Qxm.Circuits.Parsing;
using Qxm.Engine.Api;
using Qxm.Simulation.StateVector;
using Xunit.Abstractions;

namespace Qxm.Engine.Tests.Engine;

/// <summary>Opt-in: when <c>QXM_OPENQASM_SPEC</c> names a checkout of the OpenQASM specification repository, every
/// <c>examples/*.qasm</c> goes through what <c>qxm validate</c> runs (on sim.statevector) and must end exactly as the
/// table below says: accepted, or refused with that rule at that position. Each entry says whether the specification's
/// program is valid, invalid (a mistake of its own) or a sketch (pseudo-code), and why it ends so. The examples are not
/// copied into this repository; tests/Qxm.Simulation.Tests/Specification holds a program of our own for each.</summary>
public sealed class SpecificationExamplesValidationTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, (string Status, string Outcome, string Reason)> Expected = new(StringComparer.Ordinal)
    {
        ["adder.qasm"] = ("valid", "accepted", ""),
        ["alignment.qasm"] = ("valid", "accepted", ""),
        ["arrays.qasm"] = ("invalid", "qasm.index-out-of-range 51:18", "writes my_defined_uints[a - 1] with a = 5 into an array of 4"),
        ["cphase.qasm"] = ("invalid", "qasm.undefined-gate 4:3", "calls CX without including stdgates.inc, where OpenQASM 3 defines it"),
        ["dd.qasm"] = ("invalid", "qasm.undefined-gate 25:3", "calls 'u' without parameters, a gate stdgates.inc does not define (durationof reads the simulator's nominal durations first)"),
        ["defcal.qasm"] = ("sketch", "target.pulse-calibration 1:1", "calibration bodies with '...'; kept verbatim, refused where the target reads no pulse-level calibration"),
        ["gateteleport.qasm"] = ("valid", "qasm.extern-unavailable 12:9", "decodes with extern 'vote', which no backend qxm runs provides"),
        ["inverseqft1.qasm"] = ("valid", "accepted", ""),
        ["inverseqft2.qasm"] = ("valid", "accepted", ""),
        ["ipe.qasm"] = ("valid", "accepted", ""),
        ["msd.qasm"] = ("invalid", "qasm.undefined-identifier 80:3", "assigns 'success', which it never declares"),
        ["qec.qasm"] = ("valid", "accepted", ""),
        ["qft.qasm"] = ("valid", "accepted", ""),
        ["qpt.qasm"] = ("valid", "accepted", ""),
        ["rb.qasm"] = ("valid", "accepted", ""),
        ["rus.qasm"] = ("valid", "accepted", ""),
        ["scqec.qasm"] = ("invalid", "qasm.undefined-gate 53:3", "calls subroutine 'hadamard_layer' as a gate, without parentheses"),
        ["t1.qasm"] = ("valid", "qasm.extern-unavailable 45:5", "counts measured ones in integers while the shot runs (held in registers), then hands them to extern 'tabulate', which no backend qxm runs provides (and has a defcal)"),
        ["teleport.qasm"] = ("valid", "accepted", ""),
        ["varteleport.qasm"] = ("invalid", "qasm.undefined-gate 31:3", "calls subroutine 'bellprep' as a gate, without parentheses"),
        ["vqe.qasm"] = ("invalid", "qasm.syntax 25:48", "indexes the gate's qubit argument q, a single qubit, inside the gate body"),
    };

    /// <summary>The distribution of the measured bits (clbit 0 rightmost) of every accepted example that runs on the
    /// simulator, derived from the program, checked on 4,000 shots: an outcome of probability 1 in every shot, the
    /// others within four standard deviations (0.035 at most).</summary>
    private static readonly Dictionary<string, Dictionary<string, double>> Distributions = new(StringComparer.Ordinal)
    {
        // 1 + 15 with the carry out.
        ["adder.qasm"] = new(StringComparer.Ordinal) { ["10000"] = 1 },
        ["alignment.qasm"] = new(StringComparer.Ordinal) { [""] = 1 },
        // h on every qubit undone before each measurement; every conditional rotation is skipped.
        ["inverseqft1.qasm"] = new(StringComparer.Ordinal) { ["0000"] = 1 },
        ["inverseqft2.qasm"] = new(StringComparer.Ordinal) { ["0000"] = 1 },
        // The error on q[0] gives syndrome 01 (read twice: the subroutine's own bits b_1, then syn), which corrects it.
        ["qec.qasm"] = new(StringComparer.Ordinal) { ["0101000"] = 1 },
        // The Fourier transform of a basis state: every outcome of four bits equally likely.
        ["qft.qasm"] = Enumerable.Range(0, 16).ToDictionary(k => System.Convert.ToString(k, 2).PadLeft(4, '0'), _ => 1.0 / 16, StringComparer.Ordinal),
        ["qpt.qasm"] = new(StringComparer.Ordinal) { ["0"] = 0.5, ["1"] = 0.5 },
        // s s z is the identity: q[0] comes back to |0>.
        ["rb.qasm"] = new(StringComparer.Ordinal) { ["00"] = 1 },
        // The loop ends on the ancillas' 00 (the rotation by θ + π, cos θ = 3/5); the last rotation is by π - arccos(3 / 5),
        // where 3 / 5 divides two integers and is 0, so it does not undo it: the output reads 1 with probability 1/10
        // (with arccos(0.6) it would always read 0, as the program's comment says).
        ["rus.qasm"] = new(StringComparer.Ordinal) { ["00000"] = 0.9, ["00100"] = 0.1 },
        // U(0.3, 0.2, 0.1)|0> teleported: c2 reads 1 with probability sin²(0.15); c0 and c1 are uniform.
        ["teleport.qasm"] = Enumerable.Range(0, 8).ToDictionary(
            k => System.Convert.ToString(k, 2).PadLeft(3, '0'),
            k => 0.25 * (k >= 4 ? Math.Pow(Math.Sin(0.15), 2) : Math.Pow(Math.Cos(0.15), 2)),
            StringComparer.Ordinal),
        ["ipe.qasm"] = IterativePhaseEstimation(),
    };

    /// <summary>ipe.qasm's distribution, worked out reading by reading. The target r is |+>: half |0>, which kicks back no
    /// phase (every reading 0), and half |1>, the eigenvector of phase(θ) with θ = 3π/8. In that half, pass i (power 2^i)
    /// turns q by φ = 2^i·θ − c before the last h, where c is the angle[10] the readings so far make (bit k weighs
    /// 2π·2^k/2^10), so q reads 1 with probability sin²(φ/2); then c is shifted left, the first reading out of it. The
    /// 2^10 sequences of readings, each with its probability, give the distribution (some 60 outcomes above 10^-12).</summary>
    private static Dictionary<string, double> IterativePhaseEstimation()
    {
        const int bits = 10;
        const int mask = (1 << bits) - 1;
        const double theta = 3 * Math.PI / 8;
        var distribution = new Dictionary<string, double>(StringComparer.Ordinal) { [new string('0', bits)] = 0.5 };
        void Read(int pass, int c, double probability)
        {
            if (probability < 1e-12)
            {
                return;
            }

            if (pass == bits)
            {
                var outcome = System.Convert.ToString(c, 2).PadLeft(bits, '0');
                distribution[outcome] = distribution.GetValueOrDefault(outcome) + probability;
                return;
            }

            var phi = ((1 << pass) * theta) - (2 * Math.PI * c / (1 << bits));
            var one = Math.Pow(Math.Sin(phi / 2), 2);
            Read(pass + 1, ((c | 1) << 1) & mask, probability * one);
            Read(pass + 1, (c << 1) & mask, probability * (1 - one));
        }

        Read(0, 0, 0.5);
        return distribution;
    }

    [Fact]
    public async Task Validate_SpecificationExamples_EndAsTheTableSays()
    {
        var root = Environment.GetEnvironmentVariable("QXM_OPENQASM_SPEC");
        if (string.IsNullOrEmpty(root))
        {
            return;
        }

        await using var fx = await EngineFixture.StartAsync();
        var files = Directory.GetFiles(Path.Combine(root, "examples"), "*.qasm").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(Expected.Keys.Order(StringComparer.Ordinal), files.Select(Path.GetFileName));
        var wrong = new List<string>();
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            var experiment = EngineFixture.Inline(await File.ReadAllTextAsync(file)) with { CircuitOrigin = name };
            var outcome = await fx.Service.ValidateAsync(experiment, new SubmitOptions(), default);
            var first = outcome.Diagnostics.FirstOrDefault(d => d.IsError);
            var actual = outcome.Valid ? "accepted" : $"{first?.Rule} {first?.Line}:{first?.Column}";
            var (status, expected, reason) = Expected[name];
            output.WriteLine($"{name} ({status}): {actual}{(outcome.Valid ? "" : $" ({first?.Message}); {reason}")}");
            if (actual != expected)
            {
                wrong.Add($"{name}: expected {expected}, got {actual}");
            }
            else if (outcome.Valid && Distributions.TryGetValue(name, out var distribution))
            {
                CheckCounts(name, await File.ReadAllTextAsync(file), distribution, wrong);
            }
            else if (outcome.Valid)
            {
                wrong.Add($"{name}: accepted, but no distribution is stated for its counts");
            }
        }

        var valid = Expected.Values.Count(e => e.Status == "valid");
        output.WriteLine($"{Expected.Values.Count(e => e.Status == "valid" && e.Outcome == "accepted")} of {valid} valid examples accepted");
        Assert.Empty(wrong);
    }

    private static void CheckCounts(string name, string program, Dictionary<string, double> expected, List<string> wrong)
    {
        const int shots = 4000;
        var circuit = OpenQasmParser.Parse(program, name, target: new StateVectorBackend().Info.Target).Circuit!;
        var counts = StateVectorSimulator.Run(circuit, shots, seed: 17).Counts;
        wrong.AddRange(counts.Where(c => !expected.ContainsKey(c.Key)).Select(c => $"{name}: outcome {c.Key} ({c.Value} shots) is not expected"));
        foreach (var (outcome, probability) in expected)
        {
            var observed = counts.GetValueOrDefault(outcome) / (double)shots;
            if (Math.Abs(observed - probability) >= 0.035)
            {
                wrong.Add($"{name}: outcome {outcome} in {observed:F3} of the shots, {probability:F4} expected");
            }
        }
    }
}
