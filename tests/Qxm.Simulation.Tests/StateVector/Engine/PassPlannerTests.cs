using Qxm.Circuits.Ir;
using Qxm.Simulation.StateVector;
using Qxm.Simulation.StateVector.Engine;

namespace Qxm.Simulation.Tests.StateVector.Engine;

/// <summary>How gates become passes; here, how a pass ends by moving the next pass's qubits into the low positions
/// every block holds (the vector lanes and gather runs).</summary>
public class PassPlannerTests
{
    private const int RunBits = 4;

    [Fact]
    public void Plan_Relabel_LaterPassesWorkOnTheirLowPositions()
    {
        var gates = Shapes(BrickCircuit(qubits: 14, layers: 8));

        var plain = PassPlanner.Plan(14, gates, blockQubits: 9, RunBits, fusion: true);
        var relabelled = PassPlanner.Plan(14, gates, blockQubits: 9, RunBits, fusion: true, relabel: true);

        // Without relabelling, qubits 0-3 finish in the first pass and then sit in later blocks doing nothing.
        Assert.Contains(plain.Passes.Skip(1), p => LowWork(p) == 0);
        Assert.Contains(relabelled.Passes.SkipLast(1), p => p.Ops.OfType<BitSwapOp>().Any());
        Assert.All(relabelled.Passes.Skip(1), p => Assert.True(LowWork(p) > 0, "a later pass leaves its low positions idle"));
        Assert.True(relabelled.Passes.Count <= plain.Passes.Count);
        Assert.Equal(Enumerable.Range(0, 14), relabelled.FinalPhysical.Order());
    }

    [Fact]
    public void Plan_Relabel_SwapsStayInsideTheBlockAndEndThePass()
    {
        var gates = Shapes(BrickCircuit(qubits: 12, layers: 6));

        var plan = PassPlanner.Plan(12, gates, blockQubits: 8, RunBits, fusion: true, relabel: true);

        foreach (var pass in plan.Passes)
        {
            var swaps = pass.Ops.OfType<BitSwapOp>().ToArray();
            Assert.Equal(swaps, pass.Ops.TakeLast(swaps.Length));
            Assert.All(swaps, s =>
            {
                Assert.InRange(s.Low, 0, RunBits - 1);
                Assert.InRange(s.High, RunBits, pass.BlockQubits.Length - 1);
            });
        }

        Assert.Empty(plan.Passes[^1].Ops.OfType<BitSwapOp>());
    }

    [Fact]
    public void Plan_Relabel_WriteBackPacksTheNextPassesQubitsLow()
    {
        var gates = Shapes(BrickCircuit(qubits: 16, layers: 10));

        var plain = PassPlanner.Plan(16, gates, blockQubits: 10, RunBits, fusion: true);
        var packed = PassPlanner.Plan(16, gates, blockQubits: 10, RunBits, fusion: true, relabel: true);

        Assert.Contains(packed.Passes, p => p.WrittenQubits is not null);
        foreach (var pass in packed.Passes)
        {
            // A permutation of the block's own positions that keeps the gather runs in place.
            Assert.Equal(pass.BlockQubits.Order(), pass.Written.Order());
            Assert.Equal(pass.BlockQubits.Take(RunBits), pass.Written.Take(RunBits));
        }

        // Later passes read longer contiguous runs than without packing (here 2^6.7 against 2^4.7 amplitudes on average).
        Assert.True(packed.Passes.Count <= plain.Passes.Count);
        Assert.True(packed.Passes.Skip(1).Average(p => p.RunBits) > plain.Passes.Skip(1).Average(p => p.RunBits) + 1);
    }

    [Fact]
    public void Plan_NoRelabel_HasNoSwaps()
    {
        var plan = PassPlanner.Plan(12, Shapes(BrickCircuit(qubits: 12, layers: 6)), blockQubits: 8, RunBits, fusion: true);

        Assert.All(plan.Passes, p => Assert.Empty(p.Ops.OfType<BitSwapOp>()));
        Assert.All(plan.Passes, p => Assert.Null(p.WrittenQubits));
    }

    [Fact]
    public void Plan_ZeroQubits_AreThoseNoEarlierPassMixed()
    {
        // 12 qubits in blocks of 8: the first pass cannot reach the top qubits, which are still |0⟩ after it.
        var gates = Shapes(BrickCircuit(qubits: 12, layers: 6));

        var plan = PassPlanner.Plan(12, gates, blockQubits: 8, RunBits, fusion: true);

        Assert.Equal((1L << 12) - 1, plan.Passes[0].ZeroQubits);
        var mixed = 0L;
        foreach (var pass in plan.Passes)
        {
            Assert.Equal(0, pass.ZeroQubits & mixed);
            mixed |= pass.Ops.OfType<SingleQubitOp>().Aggregate(0L, (m, o) => m | (1L << pass.BlockQubits[o.Target]));
        }

        Assert.NotEqual(0, plan.Passes[1].ZeroQubits);
        Assert.True(plan.Passes[1].IsZeroBlock(plan.Passes[1].ZeroQubits & -plan.Passes[1].ZeroQubits));
        Assert.False(plan.Passes[1].IsZeroBlock(0));
    }

    internal static Circuit BrickCircuit(int qubits, int layers, int seed = 3)
    {
        var rng = new Random(seed);
        var builder = new CircuitBuilder(qubits);
        for (var layer = 0; layer < layers; layer++)
        {
            for (var q = 0; q < qubits; q++)
            {
                builder.Gate(new[] { "rx", "ry", "rz" }[rng.Next(3)], [rng.NextDouble() * 2 * Math.PI], q);
            }

            for (var q = layer % 2; q + 1 < qubits; q += 2)
            {
                builder.Gate("cx", q, q + 1);
            }
        }

        return builder.Build();
    }

    private static List<GateShape> Shapes(Circuit circuit) =>
        [.. CircuitCompiler.Compile(circuit).Steps.OfType<GateStep>().Select(g => new GateShape(g.Qubits, g.Matrix))];

    /// <summary>Ops of a pass whose target (or swap) is one of the low buffer bits, which are the low positions.</summary>
    private static int LowWork(Pass pass) => pass.Ops.Count(o => o is SingleQubitOp { Target: < RunBits } or BitSwapOp);
}
