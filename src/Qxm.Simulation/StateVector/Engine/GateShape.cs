using System.Numerics;

namespace Qxm.Simulation.StateVector.Engine;

/// <summary>A gate's structure as the planner needs it. Operands whose value the matrix never changes act like controls
/// (including every operand of a diagonal gate): they need not be inside a block, since within a block their value is
/// fixed. Only the <see cref="Mixing"/> operands must be. For each assignment of the control-like operands the gate
/// reduces to a sub-matrix on the mixing ones; identities are dropped, so cx costs half a sweep and cu1 a quarter.</summary>
internal sealed class GateShape
{
    private static readonly Complex[] SwapMatrix = [1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1];

    public GateShape(int[] operands, Complex[] matrix)
    {
        Operands = operands;
        var k = operands.Length;
        var dim = 1 << k;
        var mixing = 0;
        for (var r = 0; r < dim; r++)
        {
            for (var c = 0; c < dim; c++)
            {
                if (matrix[(r * dim) + c] != Complex.Zero)
                {
                    mixing |= r ^ c;
                }
            }
        }

        IsSwap = k == 2 && matrix.AsSpan().SequenceEqual(SwapMatrix);
        Mixing = [.. Enumerable.Range(0, k).Where(j => ((mixing >> j) & 1) == 1)];
        Controls = [.. Enumerable.Range(0, k).Where(j => ((mixing >> j) & 1) == 0)];
        var subDim = 1 << Mixing.Length;
        SubMatrices = new Complex[]?[1 << Controls.Length];
        for (var a = 0; a < SubMatrices.Length; a++)
        {
            var fixedBits = (int)Bits.Deposit(a, Controls);
            var sub = new Complex[subDim * subDim];
            var identity = true;
            for (var r = 0; r < subDim; r++)
            {
                for (var c = 0; c < subDim; c++)
                {
                    var value = matrix[((fixedBits | (int)Bits.Deposit(r, Mixing)) * dim) + (fixedBits | (int)Bits.Deposit(c, Mixing))];
                    sub[(r * subDim) + c] = value;
                    identity &= value == (r == c ? Complex.One : Complex.Zero);
                }
            }

            SubMatrices[a] = identity ? null : sub;
        }
    }

    /// <summary>Logical qubit of operand j.</summary>
    public int[] Operands { get; }

    /// <summary>Exactly SWAP: applied by exchanging the two qubits' physical positions, no pass at all.</summary>
    public bool IsSwap { get; }

    /// <summary>Operand indices whose value the gate changes.</summary>
    public int[] Mixing { get; }

    /// <summary>Operand indices whose value the gate keeps.</summary>
    public int[] Controls { get; }

    /// <summary>For control assignment a (bit j = operand Controls[j]), the matrix on the mixing operands; null for identity.</summary>
    public Complex[]?[] SubMatrices { get; }

    public ulong LogicalMask => Operands.Aggregate(0UL, (m, q) => m | (1UL << q));
}
