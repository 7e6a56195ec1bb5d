using Qxm.Engine.Api;
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
        }

        var valid = Expected.Values.Count(e => e.Status == "valid");
        output.WriteLine($"{Expected.Values.Count(e => e.Status == "valid" && e.Outcome == "accepted")} of {valid} valid examples accepted");
        Assert.Empty(wrong);
    }
}
