using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;
using Qxm.Simulation.StateVector;

namespace Qxm.Simulation.Tests.StateVector;

/// <summary>Integers computed while a shot runs (counters of measured ones, loops while a count is below a bound,
/// signed differences), simulated on every per-shot path to the distributions the programs mean.</summary>
public class RuntimeIntegerSimulationTests
{
    private static Circuit Parse(string source)
    {
        var result = OpenQasmParser.Parse(source, "integers.qasm");
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return result.Circuit!;
    }

    private static (Dictionary<string, long> Batched, Dictionary<string, long> Alone, Dictionary<string, long> Engine) RunAllPaths(Circuit circuit, int shots, ulong seed)
    {
        var compiled = CircuitCompiler.Compile(circuit);
        return (
            PerShotRun.Execute(compiled, shots, seed, batched: true, CancellationToken.None),
            PerShotRun.Execute(compiled, shots, seed, batched: false, CancellationToken.None),
            PerShotRun.Execute(compiled, shots, seed, SimulatorOptions.Default with { Threads = 1 }, CancellationToken.None, engineFromQubits: 1));
    }

    /// <summary>The unsigned value of the bits [offset, offset + width) of an outcome string (clbit 0 rightmost).</summary>
    private static int Field(string outcome, int offset, int width) =>
        System.Convert.ToInt32(outcome.Substring(outcome.Length - offset - width, width), 2);

    [Fact]
    public void Counter_OfMeasuredOnes_IsBinomial()
    {
        const int shots = 8000;
        var circuit = Parse("""
            OPENQASM 3.0;
            include "stdgates.inc";
            qubit[4] q;
            qubit flag;
            bit[4] c;
            bit f;
            h q;
            c = measure q;
            uint[3] count = 0;
            for int k in [0:3] { count += c[k]; }
            if (count == 2) { x flag; }
            f = measure flag;
            """);

        var (batched, alone, engine) = RunAllPaths(circuit, shots, 5);

        Assert.Equal(alone.OrderBy(c => c.Key, StringComparer.Ordinal), batched.OrderBy(c => c.Key, StringComparer.Ordinal));
        // The engine's per-shot path draws differently, but every outcome it gives obeys the same rules.
        Assert.All(engine.Keys, outcome =>
        {
            var ones = int.PopCount(Field(outcome, 0, 4));
            Assert.Equal((ones, ones == 2 ? 1 : 0), (Field(outcome, 5, 3), Field(outcome, 4, 1)));
        });
        var byCount = new long[5];
        foreach (var (outcome, n) in batched)
        {
            // Clbits: c 0-3, f 4, count 5-7. The count is the number of ones in c, and f is set exactly when it is 2.
            var ones = int.PopCount(Field(outcome, 0, 4));
            Assert.Equal(ones, Field(outcome, 5, 3));
            Assert.Equal(ones == 2 ? 1 : 0, Field(outcome, 4, 1));
            byCount[ones] += n;
        }

        // Chi-square against Binomial(4, 1/2) with 4 degrees of freedom: 18.47 is its 0.1% point.
        double[] expected = [1 / 16.0, 4 / 16.0, 6 / 16.0, 4 / 16.0, 1 / 16.0];
        var chi = Enumerable.Range(0, 5).Sum(k => Math.Pow(byCount[k] - (expected[k] * shots), 2) / (expected[k] * shots));
        Assert.True(chi < 18.47, $"chi-square {chi:F2} for counts {string.Join(", ", byCount)}");
    }

    [Fact]
    public void While_TheCountIsBelowABound_EndsWithExactlyThatCount()
    {
        var circuit = Parse("""
            OPENQASM 3.0;
            include "stdgates.inc";
            qubit q;
            bit result;
            int[8] i = 0;
            while (i < 10) {
                h q;
                result = measure q;
                if (result) {
                    i += 1;
                }
            }
            """);

        var (batched, alone, engine) = RunAllPaths(circuit, 500, 3);

        // Every shot leaves the loop on its tenth one: i = 10 and the last measurement read 1.
        Assert.Equal(new Dictionary<string, long> { ["000010101"] = 500 }, batched);
        Assert.Equal(batched, alone);
        Assert.Equal(batched, engine);
    }

    [Fact]
    public void SignedDifference_OfTwoCoins_IsComparedWithItsSign()
    {
        const int shots = 8000;
        var circuit = Parse("""
            OPENQASM 3.0;
            include "stdgates.inc";
            qubit[2] q;
            qubit target;
            bit[2] c;
            bit below;
            h q;
            c = measure q;
            int[4] d = 0;
            d -= c[0];
            d -= c[1];
            if (d < -1) { x target; }
            below = measure target;
            """);

        var (batched, alone, engine) = RunAllPaths(circuit, shots, 9);

        foreach (var outcome in batched.Keys.Concat(alone.Keys).Concat(engine.Keys))
        {
            // d = -(c0 + c1) in four bits; the target is flipped only when both coins read 1.
            var c = Field(outcome, 0, 2);
            Assert.Equal((16 - int.PopCount(c)) % 16, Field(outcome, 3, 4));
            Assert.Equal(c == 3 ? 1 : 0, Field(outcome, 2, 1));
        }

        var both = batched.Where(o => Field(o.Key, 2, 1) == 1).Sum(o => o.Value) / (double)shots;
        Assert.InRange(both, 0.25 - 0.02, 0.25 + 0.02);
    }

    [Fact]
    public void BitsOfARuntimeInteger_WrittenFromMeasuredBits_KeepTheOtherBits()
    {
        const int shots = 4000;
        var circuit = Parse("""
            OPENQASM 3.0;
            include "stdgates.inc";
            qubit[2] q;
            bit[2] c;
            h q;
            c = measure q;
            uint[4] n = 0;
            n[0] = c[0];
            n[3] = c[1];
            n[1:2] = "11";
            """);

        var (batched, alone, engine) = RunAllPaths(circuit, shots, 13);

        foreach (var outcome in batched.Keys.Concat(alone.Keys).Concat(engine.Keys))
        {
            // n = c0 + 6 + 8 c1: the two written bits follow the coins, the slice holds 11.
            Assert.Equal(Field(outcome, 0, 1) + 6 + (8 * Field(outcome, 1, 1)), Field(outcome, 2, 4));
        }

        Assert.Equal(4, batched.Count);
        Assert.All(batched.Values, n => Assert.InRange(n / (double)shots, 0.25 - 0.035, 0.25 + 0.035));
    }
}
