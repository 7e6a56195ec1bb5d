using System.Numerics;

namespace Qxm.Simulation.StateVector.Engine;

/// <summary>Schedules gates into passes, counting passes over memory rather than gates. Each pass grows a set of at most
/// L block qubits greedily in program order; a gate that does not fit is deferred and blocks its qubits, so later gates
/// that commute with it (they share no qubit) may still join. Controls and diagonal operands never need a place in the
/// block, and swaps only relabel qubits. Within a pass, consecutive single-qubit blocks on one bit are multiplied out.
/// Asked to relabel, a pass ends by moving the next pass's qubits into the low positions every block holds and packing
/// the others low on the way out (docs/decisions/0010). Each pass records the qubits no gate has mixed yet, so blocks
/// that can only hold zeros are skipped.</summary>
internal static class PassPlanner
{
    /// <param name="blockQubits">L: qubits per block, at most the state's.</param>
    /// <param name="runBits">How many of the lowest physical qubits every block holds, for contiguous gathers.</param>
    /// <param name="fusion">False: one gate per pass, the unfused baseline.</param>
    /// <param name="relabel">End each pass by moving qubits the next pass works on into those lowest positions.</param>
    /// <param name="startLayout">Null: the plan starts from |0…0⟩ in the identity layout. Otherwise it continues a state that
    /// earlier plans left (any amplitudes) in this logical-to-physical layout.</param>
    public static PassPlan Plan(
        int qubits, IReadOnlyList<GateShape> gates, int blockQubits, int runBits, bool fusion, bool relabel = false, int[]? startLayout = null)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(blockQubits, qubits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(runBits, blockQubits);
        var physical = startLayout is null ? Enumerable.Range(0, qubits).ToArray() : (int[])startLayout.Clone();
        var passes = new List<Pass>();
        var pending = gates.ToList();

        // Physical qubits no gate has mixed yet: still |0⟩, so the state is zero wherever one of them is 1. A continued
        // state may hold anything anywhere.
        var zero = startLayout is not null ? 0L : qubits >= 64 ? ~0L : (1L << qubits) - 1;
        while (pending.Count > 0)
        {
            var (block, consumed, deferred) = Take(pending, physical, blockQubits, runBits, fusion);
            pending = deferred;
            if (consumed.Count == 0)
            {
                continue;
            }

            for (var q = 0; BitOperations.PopCount(block) < blockQubits; q++)
            {
                block |= 1UL << q;
            }

            var (swaps, next) = relabel && pending.Count > 0 ? ChooseRelabelling(pending, physical, block, blockQubits, runBits, fusion) : ([], []);
            var start = zero;
            foreach (var (gate, positions) in consumed)
            {
                foreach (var j in gate.Mixing)
                {
                    zero &= ~(1L << positions[j]);
                }
            }

            // Where the data at each position ends: the swaps move it inside the block, then the write-back order.
            var swapped = Enumerable.Range(0, qubits).ToArray();
            foreach (var (low, high) in swaps)
            {
                (swapped[low], swapped[high]) = (high, low);
            }

            var order = next.Count == 0 ? null : PackForNextPass(block, runBits, next, [.. physical.Select(p => swapped[p])]);
            passes.Add(BuildPass(qubits, block, consumed, swaps, order) with { ZeroQubits = start });
            var moves = order is null ? swapped : [.. swapped.Select(p => order[p])];
            physical = [.. physical.Select(p => moves[p])];
            var movedZero = 0L;
            for (var p = 0; p < qubits; p++)
            {
                movedZero |= ((zero >> p) & 1) << moves[p];
            }

            zero = movedZero;
        }

        return new PassPlan(qubits, blockQubits, passes, physical, gates.Count) { FromZero = startLayout is null };
    }

    /// <summary>One pass's greedy choice: gates join in program order while their mixing qubits fit the block; one that
    /// does not is deferred and blocks its qubits. Swap gates relabel <paramref name="physical"/> as they are met.</summary>
    private static (ulong Block, List<(GateShape Gate, int[] Physical)> Consumed, List<GateShape> Deferred) Take(
        List<GateShape> pending, int[] physical, int blockQubits, int runBits, bool fusion)
    {
        var block = (1UL << runBits) - 1;
        var blocked = 0UL;
        var consumed = new List<(GateShape Gate, int[] Physical)>();
        var deferred = new List<GateShape>();
        foreach (var gate in pending)
        {
            if ((gate.LogicalMask & blocked) != 0)
            {
                blocked |= gate.LogicalMask;
                deferred.Add(gate);
                continue;
            }

            if (gate.IsSwap)
            {
                (physical[gate.Operands[0]], physical[gate.Operands[1]]) = (physical[gate.Operands[1]], physical[gate.Operands[0]]);
                continue;
            }

            var mixing = gate.Mixing.Aggregate(0UL, (m, j) => m | (1UL << physical[gate.Operands[j]]));
            if (BitOperations.PopCount(block | mixing) <= blockQubits)
            {
                block |= mixing;
                consumed.Add((gate, [.. gate.Operands.Select(q => physical[q])]));
                if (!fusion)
                {
                    blocked = ulong.MaxValue;
                }
            }
            else if (gate.Mixing.Length > blockQubits - runBits)
            {
                throw new ArgumentException($"a gate mixing {gate.Mixing.Length} qubits does not fit a {blockQubits}-qubit block");
            }
            else
            {
                blocked |= gate.LogicalMask;
                deferred.Add(gate);
            }
        }

        return (block, consumed, deferred);
    }

    /// <summary>The lowest <paramref name="runBits"/> positions are in every block, and are the vector lanes. Once the
    /// gates that touch their qubits are done, those qubits would fill them for nothing: the tile groups of later
    /// passes would span only their register bits, and the block would hold fewer working qubits. This looks at the
    /// next pass (as it would be planned now) and swaps the busiest of its qubits that are in this block into the low
    /// positions whose qubits it leaves idle, as (low, high) physical position pairs done at the end of this pass.</summary>
    private static ((int Low, int High)[] Swaps, HashSet<int> Next) ChooseRelabelling(
        List<GateShape> pending, int[] physical, ulong block, int blockQubits, int runBits, bool fusion)
    {
        var trial = (int[])physical.Clone();
        var (_, next, _) = Take(pending, trial, blockQubits, runBits, fusion);
        var logicalAt = Inverse(physical);

        // Work per qubit in the next pass: the gates that mix it, and so need it in the block.
        var work = new int[physical.Length];
        foreach (var (gate, _) in next)
        {
            foreach (var j in gate.Mixing)
            {
                work[gate.Operands[j]]++;
            }
        }

        // The busiest go to the lanes: a tile group then spans six working qubits instead of three. Their gates cost
        // shuffles there, but fewer, larger groups win (random_24_d10: 0.31 s against 0.32-0.35 s with the least busy).
        var idle = Enumerable.Range(0, runBits).Where(p => work[logicalAt[p]] == 0);
        var candidates = Enumerable.Range(runBits, physical.Length - runBits)
            .Where(p => ((block >> p) & 1) == 1 && work[logicalAt[p]] > 0)
            .OrderByDescending(p => work[logicalAt[p]]);
        var swaps = idle.Zip(candidates, (low, high) => (Low: low, High: high)).OrderBy(s => s.Low).ToArray();
        return (swaps, [.. Enumerable.Range(0, physical.Length).Where(q => work[q] > 0)]);
    }

    /// <summary>The write-back order of a pass: the block's positions from <paramref name="runBits"/> up are handed out
    /// again, lowest first to the qubits the next pass works on, so that its blocks start with a long contiguous run
    /// (long gather runs, or no gather at all). Returns each position's new position (identity outside the block), or
    /// null where nothing moves.</summary>
    /// <param name="physical">Each logical qubit's position after the pass's swaps.</param>
    private static int[]? PackForNextPass(ulong block, int runBits, HashSet<int> next, int[] physical)
    {
        var qubits = physical.Length;
        var logicalAt = Inverse(physical);

        var positions = Enumerable.Range(runBits, qubits - runBits).Where(p => ((block >> p) & 1) == 1).ToArray();
        var order = positions.OrderBy(p => next.Contains(logicalAt[p]) ? 0 : 1).ThenBy(p => p).ToArray();
        var target = Enumerable.Range(0, qubits).ToArray();
        for (var i = 0; i < positions.Length; i++)
        {
            target[order[i]] = positions[i];
        }

        return target.Select((t, p) => t == p).All(x => x) ? null : target;
    }

    /// <summary>The logical qubit at each physical position.</summary>
    private static int[] Inverse(int[] physical)
    {
        var logicalAt = new int[physical.Length];
        for (var q = 0; q < physical.Length; q++)
        {
            logicalAt[physical[q]] = q;
        }

        return logicalAt;
    }

    private static Pass BuildPass(
        int qubits, ulong block, List<(GateShape Gate, int[] Physical)> consumed, (int Low, int High)[] swaps, int[]? order)
    {
        var blockQubits = Enumerable.Range(0, qubits).Where(q => ((block >> q) & 1) == 1).ToArray();
        var outerQubits = Enumerable.Range(0, qubits).Where(q => ((block >> q) & 1) == 0).ToArray();
        var bufferBit = new int[qubits];
        Array.Fill(bufferBit, -1);
        for (var b = 0; b < blockQubits.Length; b++)
        {
            bufferBit[blockQubits[b]] = b;
        }

        var ops = new List<PassOp>();
        foreach (var (gate, physical) in consumed)
        {
            for (var a = 0; a < gate.SubMatrices.Length; a++)
            {
                if (gate.SubMatrices[a] is not { } sub)
                {
                    continue;
                }

                int innerMask = 0, innerValue = 0;
                long outerMask = 0, outerValue = 0;
                for (var j = 0; j < gate.Controls.Length; j++)
                {
                    var p = physical[gate.Controls[j]];
                    var bit = (a >> j) & 1;
                    if (bufferBit[p] >= 0)
                    {
                        innerMask |= 1 << bufferBit[p];
                        innerValue |= bit << bufferBit[p];
                    }
                    else
                    {
                        outerMask |= 1L << p;
                        outerValue |= (long)bit << p;
                    }
                }

                var condition = new OpCondition(innerMask, innerValue, outerMask, outerValue);
                var targets = gate.Mixing.Select(j => bufferBit[physical[j]]).ToArray();
                switch (targets.Length)
                {
                    case 0:
                        ops.Add(new PhaseOp(condition, sub[0]));
                        break;
                    case 1:
                        AddSingle(ops, new SingleQubitOp(condition, targets[0], sub[0], sub[1], sub[2], sub[3], Classify(sub)));
                        break;
                    default:
                        ops.Add(new MultiQubitOp(condition, targets, sub));
                        break;
                }
            }
        }

        var merged = MergeDiagonals(ops);
        merged.AddRange(swaps.Select(s => new BitSwapOp(bufferBit[s.Low], bufferBit[s.High])));
        int[]? written = order is null ? null : [.. blockQubits.Select(p => order[p])];
        return new Pass(blockQubits, outerQubits, [.. merged], consumed.Count, WrittenQubits: written);
    }

    /// <summary>Multiplies an unconditional single-qubit block into an earlier one on the same bit when nothing between
    /// them touches that bit (everything between commutes with both).</summary>
    private static void AddSingle(List<PassOp> ops, SingleQubitOp op)
    {
        if (op.Condition == default)
        {
            for (var i = ops.Count - 1; i >= 0; i--)
            {
                if (ops[i] is SingleQubitOp earlier && earlier.Target == op.Target && earlier.Condition == default)
                {
                    Complex[] m = [op.M00 * earlier.M00 + op.M01 * earlier.M10, op.M00 * earlier.M01 + op.M01 * earlier.M11,
                        op.M10 * earlier.M00 + op.M11 * earlier.M10, op.M10 * earlier.M01 + op.M11 * earlier.M11];
                    ops[i] = new SingleQubitOp(default, op.Target, m[0], m[1], m[2], m[3], Classify(m));
                    return;
                }

                if (Touches(ops[i], op.Target))
                {
                    break;
                }
            }
        }

        ops.Add(op);
    }

    /// <summary>A diagonal gate on one qubit splits into two phase ops on complementary halves; as one diagonal block
    /// they take one sweep instead of two when the bit is a vector lane.</summary>
    private static List<PassOp> MergeDiagonals(List<PassOp> ops)
    {
        var merged = new List<PassOp>(ops.Count);
        for (var i = 0; i < ops.Count; i++)
        {
            if (i + 1 < ops.Count && ops[i] is PhaseOp a && ops[i + 1] is PhaseOp b
                && a.Condition.OuterMask == 0 && b.Condition.OuterMask == 0
                && a.Condition.InnerMask == b.Condition.InnerMask && BitOperations.PopCount((uint)a.Condition.InnerMask) == 1
                && a.Condition.InnerValue == 0 && b.Condition.InnerValue == a.Condition.InnerMask)
            {
                var target = BitOperations.TrailingZeroCount(a.Condition.InnerMask);
                Complex[] m = [a.Factor, 0, 0, b.Factor];
                merged.Add(new SingleQubitOp(default, target, m[0], m[1], m[2], m[3], MatrixKind.Diagonal));
                i++;
            }
            else
            {
                merged.Add(ops[i]);
            }
        }

        return merged;
    }

    private static bool Touches(PassOp op, int bit) => op switch
    {
        SingleQubitOp s => s.Target == bit || ((s.Condition.InnerMask >> bit) & 1) == 1,
        MultiQubitOp m => m.Targets.Contains(bit) || ((m.Condition.InnerMask >> bit) & 1) == 1,
        PhaseOp p => ((p.Condition.InnerMask >> bit) & 1) == 1,
        BitSwapOp b => b.Low == bit || b.High == bit,
        _ => true,
    };

    private static MatrixKind Classify(Complex[] m)
    {
        if (m[0] == Complex.Zero && m[3] == Complex.Zero && m[1] == Complex.One && m[2] == Complex.One)
        {
            return MatrixKind.Exchange;
        }

        if (m[1] == Complex.Zero && m[2] == Complex.Zero)
        {
            return MatrixKind.Diagonal;
        }

        if (m.All(x => x.Imaginary == 0))
        {
            return MatrixKind.Real;
        }

        return m[0].Imaginary == 0 && m[3].Imaginary == 0 && m[1].Real == 0 && m[2].Real == 0
            ? MatrixKind.RealDiagonalImaginaryOff
            : MatrixKind.General;
    }
}
