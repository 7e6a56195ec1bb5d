using Qxm.Backends.Contract;
using Qxm.Backends.Vendors;
using Qxm.Backends.Simulators;
using Qxm.Circuits.Binding;
using Qxm.Circuits.Parsing;
using Qxm.Domain.Experiments;
using Qxm.Engine.Api;
using Qxm.Simulation.StateVector;
using Xunit.Abstractions;

namespace Qxm.Engine.Tests.Engine;

/// <summary>Opt-in: when <c>QXM_OPENQASM_SPEC</c> names a checkout of the OpenQASM specification repository, every
/// OpenQASM code block of its language pages goes through what <c>qxm validate</c> runs (on sim.statevector) and must
/// end exactly as <see cref="LanguagePageBlockTable"/> says. The blocks are not copied into this repository; only their
/// keys, hashes and our own preambles are.</summary>
public sealed class LanguagePageBlocksValidationTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Validate_LanguagePageBlocks_EndAsTheTableSays()
    {
        var root = Environment.GetEnvironmentVariable("QXM_OPENQASM_SPEC");
        if (string.IsNullOrEmpty(root))
        {
            return;
        }

        await using var fx = await EngineFixture.StartAsync(remote: [PulseBackend()]);
        var blocks = LanguagePageBlocks.Read(Path.Combine(root, "source", "language")).ToList();
        Assert.NotEmpty(blocks);
        var wrong = new List<string>();
        var tally = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var block in blocks)
        {
            if (!LanguagePageBlockTable.Entries.TryGetValue(block.Key, out var entry))
            {
                wrong.Add($"{block.Key} (line {block.Line}, hash {block.Hash}): not in the table");
                continue;
            }

            if (entry.Hash != block.Hash)
            {
                wrong.Add($"{block.Key} (line {block.Line}): changed upstream, hash {block.Hash} where the table has {entry.Hash}; mark it again");
                continue;
            }

            var (program, shift, versionLines) = WithPreamble(block.Text, entry.Preamble);
            var experiment = EngineFixture.Inline(program) with
            {
                CircuitOrigin = block.Key,
                Parameters = entry.Inputs is null ? [] : [.. entry.Inputs.Select(i => new ParameterAxis(i.Key, [i.Value]))],
            };
            var outcome = await fx.Service.ValidateAsync(experiment, new SubmitOptions(), default);
            var first = outcome.Diagnostics.FirstOrDefault(d => d.IsError);
            var line = first is null ? 0 : first.Line > versionLines ? first.Line - shift : first.Line;
            var actual = outcome.Valid ? "accepted" : $"{first?.Rule} {line}:{first?.Column}";
            var category = entry.Status == "valid" ? (outcome.Valid ? "valid accepted" : "valid refused") : entry.Status;
            tally[category] = tally.GetValueOrDefault(category) + 1;
            output.WriteLine($"{block.Key} ({entry.Status}): {actual}{(outcome.Valid ? "" : $" ({first?.Message})")}{(entry.Reason.Length > 0 ? $"; {entry.Reason}" : "")}");
            if (actual != entry.Outcome)
            {
                wrong.Add($"{block.Key}: expected {entry.Outcome}, got {actual}{(first is null ? "" : $" ({first.Message})")}");
                continue;
            }

            if (outcome.Valid && entry.Status == "valid")
            {
                CheckCounts(block, program, entry.Inputs, entry.Counts, wrong);
                if (entry.Also is { } also)
                {
                    CheckCounts(block, program, also.Inputs, also.Counts, wrong);
                }
            }

            if (entry.Pulse is not null)
            {
                var onPulse = await fx.Service.ValidateAsync(experiment with { Backend = PulseBackendId }, new SubmitOptions(), default);
                var pulseError = onPulse.Diagnostics.FirstOrDefault(d => d.IsError);
                var pulseLine = pulseError is null ? 0 : pulseError.Line > versionLines ? pulseError.Line - shift : pulseError.Line;
                var onTarget = onPulse.Valid ? "accepted" : $"{pulseError?.Rule} {pulseLine}:{pulseError?.Column}";
                var pulseCategory = $"pulse-level {(onPulse.Valid ? "accepted" : "refused")} on {PulseBackendId}";
                tally[pulseCategory] = tally.GetValueOrDefault(pulseCategory) + 1;
                output.WriteLine($"  on {PulseBackendId}: {onTarget}{(pulseError is null ? "" : $" ({pulseError.Message})")}");
                if (onTarget != entry.Pulse)
                {
                    wrong.Add($"{block.Key} on {PulseBackendId}: expected {entry.Pulse}, got {onTarget}{(pulseError is null ? "" : $" ({pulseError.Message})")}");
                }
            }
        }

        foreach (var line in wrong)
        {
            output.WriteLine($"wrong: {line}");
        }

        output.WriteLine(string.Join(", ", tally.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Value} {t.Key}")));
        Assert.Empty(wrong);
        Assert.Equal(LanguagePageBlockTable.Entries.Keys.Order(StringComparer.Ordinal), blocks.Select(b => b.Key).Order(StringComparer.Ordinal));
    }

    /// <summary>The backend the pulse-level blocks are also validated on: Amazon Braket's Rigetti Ankaa-3, where Braket
    /// documents pulse control (its Target declares PulseCalibration). Validation reads AWS's published figures and calls
    /// no vendor, so no credentials or endpoint are needed.</summary>
    private const string PulseBackendId = "braket.ankaa";

    private static IBackend PulseBackend() => VendorBackends.Create(
        new RemoteBackendOptions(PulseBackendId, RemoteBackendOptions.Braket, "arn:aws:braket:us-west-1::device/qpu/rigetti/Ankaa-3",
            null, VendorCredential.FromEnvironment("QXM_CORPUS_UNUSED_KEY", _ => null)) { Bucket = "qxm-corpus" },
        new HttpClient(), TimeProvider.System);

    /// <summary>The block with our preamble after its version statement (if any); how many lines the preamble adds and
    /// how many come before it, to give positions in the block's own lines.</summary>
    private static (string Program, int Shift, int VersionLines) WithPreamble(string text, string preamble)
    {
        if (preamble.Length == 0)
        {
            return (text, 0, 0);
        }

        var lines = preamble.Count(c => c == '\n');
        if (text.StartsWith("OPENQASM", StringComparison.Ordinal))
        {
            var end = text.IndexOf('\n', StringComparison.Ordinal) + 1;
            return (text[..end] + preamble + text[end..], lines, 1);
        }

        return (preamble + text, lines, 0);
    }

    /// <summary>Every valid block that is accepted runs on the simulator: counts of 4,000 shots (read with sim.statevector's
    /// target, inputs bound as the table gives them) against the expected distribution, an outcome of probability 1 in
    /// every shot, the others within four standard deviations (0.035 at most) of their probability. A block without
    /// classical bits has the one empty outcome; one with bits must state its distribution in the table.</summary>
    private static void CheckCounts(
        LanguagePageBlocks.Block block, string program, IReadOnlyDictionary<string, double>? inputs, IReadOnlyDictionary<string, double>? counted, List<string> wrong)
    {
        const int shots = 4000;
        var parsed = OpenQasmParser.Parse(program, block.Key, target: new StateVectorBackend().Info.Target);
        var circuit = parsed.Circuit!;
        if (inputs is not null)
        {
            circuit = CircuitBinder.Bind(circuit, inputs, block.Key).Circuit!;
        }

        var expected = counted ?? (circuit.ClbitCount == 0 ? new Dictionary<string, double> { [""] = 1.0 } : null);
        if (expected is null)
        {
            wrong.Add($"{block.Key}: runs with {circuit.ClbitCount} classical bits, but the table states no counts for it");
            return;
        }

        var counts = StateVectorSimulator.Run(circuit, shots, seed: 17).Counts;
        foreach (var (outcome, count) in counts)
        {
            if (!expected.ContainsKey(outcome))
            {
                wrong.Add($"{block.Key}: outcome {outcome} ({count} shots) is not expected");
            }
        }

        foreach (var (outcome, probability) in expected)
        {
            var observed = counts.GetValueOrDefault(outcome) / (double)shots;
            if (Math.Abs(observed - probability) >= 0.035)
            {
                wrong.Add($"{block.Key}: outcome {outcome} in {observed:F3} of the shots, {probability} expected");
            }
        }
    }
}
