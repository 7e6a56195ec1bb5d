using System.Globalization;
using Qxm.Circuits.Ir;
using Qxm.Circuits.Binding;
using Qxm.Circuits.Parsing;
using Qxm.Circuits.Validation;
using Qxm.Domain.Backends;
using Qxm.Domain.Errors;
using Qxm.Simulation.StateVector;

namespace Qxm.Simulation.Tests.Specification;

/// <summary>One program of our own for each example program of the OpenQASM specification (examples/*.qasm), exercising
/// the same features, named after it. Each says in its header what the specification's program is (<c>status:</c>
/// valid, or sketch for pseudo-code) and what qxm does with it: a valid program with a <c>distribution:</c> is accepted
/// (by the front end and the target check on the simulator) and its outcomes are checked against it; one with
/// <c>expect:</c> is refused, by the front end or the target check, with exactly that rule and position,
/// for the <c>reason:</c> given, and one with <c>elsewhere:</c> a target feature is accepted on a target that has it; a
/// sketch must only be answered without an exception.</summary>
public class SpecificationCorpusTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Specification", "Programs");

    public static TheoryData<string> Programs()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Folder, "*.qasm").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Fact]
    public void Corpus_HasOneProgramPerSpecificationExample_EachWithItsExpectation()
    {
        var names = Directory.GetFiles(Folder, "*.qasm").Select(Path.GetFileName).ToArray();

        Assert.Equal(21, names.Length);
        foreach (var name in names)
        {
            var header = Header(File.ReadAllText(Path.Combine(Folder, name!)));
            Assert.True(header.ContainsKey("spec") && header.ContainsKey("status"), $"{name} has no spec or status line");
            Assert.True(header.ContainsKey("distribution") ^ header.ContainsKey("expect"), $"{name} needs a distribution or an expected refusal");
        }
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public void Parse_SpecificationProgram_IsAcceptedAndSimulated_OrRefusedAsExpected(string name)
    {
        var source = File.ReadAllText(Path.Combine(Folder, name));
        var header = Header(source);
        var result = OpenQasmParser.Parse(source, name, target: Simulator(1));
        var targetErrors = result.Succeeded ? TargetErrors(result.Circuit!, name, Simulator(result.Circuit!.QubitCount)) : [];
        if (header.TryGetValue("expect", out var expected))
        {
            var first = result.Diagnostics.FirstOrDefault(d => d.IsError) ?? targetErrors.FirstOrDefault();
            Assert.True(first is not null, $"{name} was accepted; expected {expected}");
            Assert.Equal(expected, $"{first.Rule} {first.Line}:{first.Column}");
            Assert.True(header.ContainsKey("reason"), $"{name} is refused without a reason");
            if (header.TryGetValue("elsewhere", out var feature))
            {
                Assert.Equal("pulse-calibration", feature);
                var pulse = Simulator(result.Circuit!.QubitCount) with { Features = TargetFeatures.All with { PulseCalibration = true } };
                Assert.Empty(TargetErrors(result.Circuit!, name, pulse));
            }

            return;
        }

        Assert.True(result.Succeeded, $"{name}: {string.Join("; ", result.Diagnostics)}");
        Assert.True(targetErrors.Count == 0, $"{name}: {string.Join("; ", targetErrors)}");
        AssertDistribution(result.Circuit!, Distribution(header["distribution"]));
    }

    /// <summary>The state-vector simulator's target as <c>qxm validate</c> reads it: every feature, room for the circuit, and
    /// the nominal durations that <c>durationof</c> reads.</summary>
    private static Target Simulator(int qubits) =>
        new(Math.Max(1, qubits), 1_000_000, 1) { NominalDurations = NominalDurations.Simulator };

    /// <summary>What <c>qxm validate</c> adds: the target check.</summary>
    private static List<Diagnostic> TargetErrors(Circuit circuit, string name, Target target)
    {
        var point = new Dictionary<string, double>();
        var bound = CircuitBinder.Bind(circuit, point, name).Circuit;
        var context = new ValidationContext(circuit, name, [point], bound is null ? [] : [bound], 4000, "sim.statevector", target);
        return [.. CircuitValidator.ErrorRules.SelectMany(rule => rule.Check(context))];
    }

    private static void AssertDistribution(Circuit circuit, Dictionary<string, double> expected)
    {
        const int shots = 4000;
        var counts = StateVectorSimulator.Run(circuit, shots, seed: 17).Counts;
        foreach (var (outcome, count) in counts)
        {
            Assert.True(expected.ContainsKey(outcome), $"outcome {outcome} ({count} shots) is not expected");
        }

        foreach (var (outcome, probability) in expected)
        {
            var observed = counts.GetValueOrDefault(outcome) / (double)shots;

            // Four standard deviations of a binomial frequency at 4,000 shots is at most 0.032.
            Assert.True(Math.Abs(observed - probability) < 0.035, $"outcome {outcome}: {observed:F3} observed, {probability} expected");
        }
    }

    private static Dictionary<string, string> Header(string source)
    {
        var header = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in source.Split('\n').TakeWhile(l => l.StartsWith("//", StringComparison.Ordinal)))
        {
            var text = line[2..].Trim();
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && !text[..colon].Contains(' ', StringComparison.Ordinal))
            {
                header[text[..colon]] = text[(colon + 1)..].Trim();
            }
        }

        return header;
    }

    private static Dictionary<string, double> Distribution(string text) =>
        text.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split(':'))
            .ToDictionary(pair => pair[0], pair => double.Parse(pair[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);
}
