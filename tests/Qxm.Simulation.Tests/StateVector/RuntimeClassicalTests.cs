using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;
using Qxm.Domain.Errors;
using Qxm.Simulation.StateVector;

namespace Qxm.Simulation.Tests.StateVector;

/// <summary>Classical bits computed while a shot runs (<c>while</c> on measured bits, bit logic, returned measurements),
/// simulated to the distributions the programs mean, and the same counts on every per-shot path for the same seed.</summary>
public class RuntimeClassicalTests
{
    // The number of passes K of this loop is geometric, P(K = k) = 2^-(k+1); r is flipped once a pass, so it reads 1
    // when K is odd: P = 1/4 + 1/16 + ... = 1/3. The loop only ends on c = 0.
    private const string RepeatUntilZero = """
        OPENQASM 3.0;
        include "stdgates.inc";
        qubit q;
        qubit r;
        bit c;
        bit odd;
        h q;
        c = measure q;
        while (c) {
          reset q;
          h q;
          c = measure q;
          x r;
        }
        odd = measure r;
        """;

    // c[2] = c[0] xor c[1] and both = c[0] and c[1], computed per shot; q[2] is flipped from the computed bit.
    private const string BitLogic = """
        OPENQASM 3.0;
        include "stdgates.inc";
        def coin(qubit t) -> bit { h t; return measure t; }
        qubit[3] q;
        bit[3] c;
        bit[2] flags = "01";
        c[0] = coin(q[0]);
        c[1] = coin(q[1]);
        c[2] = c[0] ^ c[1];
        bit both = c[0] & c[1];
        flags[1] = c[2] | both;
        if (c[2]) { x q[2]; }
        bit seen = measure q[2];
        """;

    private static Circuit Parse(string source, ExpansionLimits? limits = null)
    {
        var result = OpenQasmParser.Parse(source, "runtime.qasm", limits: limits);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return result.Circuit!;
    }

    /// <summary>The counts of the batched reference kernels, each shot alone, and the engine, for one seed.</summary>
    private static (Dictionary<string, long> Batched, Dictionary<string, long> Alone, Dictionary<string, long> Engine) RunAllPaths(Circuit circuit, int shots, ulong seed)
    {
        var compiled = CircuitCompiler.Compile(circuit);
        return (
            PerShotRun.Execute(compiled, shots, seed, batched: true, CancellationToken.None),
            PerShotRun.Execute(compiled, shots, seed, batched: false, CancellationToken.None),
            PerShotRun.Execute(compiled, shots, seed, SimulatorOptions.Default with { Threads = 1 }, CancellationToken.None, engineFromQubits: 1));
    }

    private static void AssertSameCounts(Dictionary<string, long> expected, Dictionary<string, long> actual, int tolerance)
    {
        var differing = expected.Keys.Union(actual.Keys).Sum(k => Math.Abs(expected.GetValueOrDefault(k) - actual.GetValueOrDefault(k)));
        Assert.True(differing <= tolerance, $"{differing} shots differ");
    }

    [Fact]
    public void While_OnAMeasuredBit_RunsEachShotUntilItsConditionFails()
    {
        const int shots = 30_000;
        var circuit = Parse(RepeatUntilZero);
        Assert.Contains(circuit.Operations, op => op is WhileOperation { MaxIterations: 10_000 });

        var (batched, alone, engine) = RunAllPaths(circuit, shots, 11);

        // Clbit order: odd (clbit 1), c (clbit 0); c always ends 0.
        Assert.Equal(alone.OrderBy(c => c.Key, StringComparer.Ordinal), batched.OrderBy(c => c.Key, StringComparer.Ordinal));
        AssertSameCounts(batched, engine, tolerance: 4);
        Assert.Equal(["00", "10"], batched.Keys.Order(StringComparer.Ordinal));
        var odd = batched["10"] / (double)shots;
        Assert.InRange(odd, (1 / 3.0) - 0.015, (1 / 3.0) + 0.015);
    }

    [Fact]
    public void While_ThatNeverEnds_StopsTheShotAtItsLimitNamingTheLoop()
    {
        // q stays |1>, so c stays 1: the loop would run forever.
        var circuit = Parse("""
            OPENQASM 3.0;
            include "stdgates.inc";
            qubit q;
            bit c;
            x q;
            c = measure q;
            while (c == 1) {
              c = measure q;
            }
            """, ExpansionLimits.Default with { MaxShotLoopIterations = 50 });
        var compiled = CircuitCompiler.Compile(circuit);

        foreach (var run in new Func<Dictionary<string, long>>[]
        {
            () => PerShotRun.Execute(compiled, 100, 1, batched: true, CancellationToken.None),
            () => PerShotRun.Execute(compiled, 100, 1, batched: false, CancellationToken.None),
            () => PerShotRun.Execute(compiled, 100, 1, SimulatorOptions.Default with { Threads = 1 }, CancellationToken.None, engineFromQubits: 1),
        })
        {
            var e = Assert.Throws<QxmException>(() => run());
            Assert.StartsWith("line 7, column 1: a shot's 'while' loop on measured bits reached its limit of 50 passes", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void BitLogic_OnMeasuredBits_IsComputedPerShot()
    {
        const int shots = 8_000;
        var circuit = Parse(BitLogic);

        var (batched, alone, engine) = RunAllPaths(circuit, shots, 5);

        Assert.Equal(alone.OrderBy(c => c.Key, StringComparer.Ordinal), batched.OrderBy(c => c.Key, StringComparer.Ordinal));
        AssertSameCounts(batched, engine, tolerance: 4);

        // Each returned measurement adds a register of its own (coin_return, coin_return_2), so bits are found by name.
        var offsets = circuit.ClassicalRegisters.ToDictionary(r => r.Name, r => r.Offset);
        Assert.Equal(["c", "flags", "coin_return", "coin_return_2", "both", "seen"], circuit.ClassicalRegisters.Select(r => r.Name));
        Assert.Equal(4, batched.Count);
        foreach (var (key, count) in batched)
        {
            var bit = (string name, int i) => key[key.Length - 1 - offsets[name] - i] == '1';
            bool c0 = bit("c", 0), c1 = bit("c", 1), c2 = bit("c", 2), f0 = bit("flags", 0), f1 = bit("flags", 1), x = bit("both", 0), seen = bit("seen", 0);
            Assert.Equal(bit("coin_return", 0), c0);
            Assert.Equal(bit("coin_return_2", 0), c1);
            Assert.Equal(c0 ^ c1, c2);
            Assert.Equal(c0 && c1, x);
            Assert.True(f0, key);
            Assert.Equal(c2 || x, f1);
            Assert.Equal(c2, seen);
            Assert.InRange(count / (double)shots, 0.22, 0.28);
        }
    }

    [Fact]
    public void RepeatUntilSuccess_WithASubroutineReturningBits_EndsWhenTheFlagsClear()
    {
        // The pattern of a repeat-until-success circuit: the loop's flags are copied from bits a subroutine returns.
        var circuit = Parse("""
            OPENQASM 3.0;
            include "stdgates.inc";
            def attempt(qubit[2] anc) -> bit[2] {
              bit[2] b;
              reset anc;
              h anc;
              b = measure anc;
              return b;
            }
            qubit[2] ancilla;
            bit[2] flags = "11";
            while (int[2](flags) != 0) {
              flags = attempt(ancilla);
            }
            """);

        var (batched, alone, engine) = RunAllPaths(circuit, 4_000, 3);

        Assert.Equal(alone.OrderBy(c => c.Key, StringComparer.Ordinal), batched.OrderBy(c => c.Key, StringComparer.Ordinal));
        AssertSameCounts(batched, engine, tolerance: 4);
        Assert.Equal("0000", Assert.Single(batched.Keys));
    }
}
