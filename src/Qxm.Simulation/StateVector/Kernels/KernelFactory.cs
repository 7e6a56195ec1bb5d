using System.Numerics;

namespace Qxm.Simulation.StateVector.Kernels;

/// <summary>Picks the cheapest kernel for a gate matrix by its structure. Only the "active" amplitudes
/// (rows or columns that differ from the identity) are ever touched, which makes controlled gates cost
/// in proportion to the states where all controls are set. Classification uses exact comparisons: the
/// library builds structural zeros and ones exactly, and a missed specialisation only costs speed.</summary>
internal static class KernelFactory
{
    public const int MaxGateQubits = 5;

    /// <summary>The kernel for <paramref name="matrix"/> (bit j of its index = <paramref name="qubits"/>[j])
    /// in a <paramref name="stateQubits"/>-qubit state; null when the matrix is the identity.</summary>
    public static GateKernel? Create(Complex[] matrix, ReadOnlySpan<int> qubits, int stateQubits)
    {
        var k = qubits.Length;
        var dim = 1 << k;
        if (k is < 1 or > MaxGateQubits || matrix.Length != dim * dim)
        {
            throw new ArgumentException($"a {k}-qubit gate needs a {dim}x{dim} matrix", nameof(matrix));
        }

        var active = ActiveIndices(matrix, dim);
        if (active.Length == 0)
        {
            return null;
        }

        var indexer = new SubspaceIndexer(qubits, stateQubits);
        var offsets = new int[active.Length];
        for (var i = 0; i < active.Length; i++)
        {
            offsets[i] = SubspaceIndexer.Offset(active[i], qubits);
        }

        if (IsDiagonal(matrix, dim, active))
        {
            var factors = new Complex[active.Length];
            for (var i = 0; i < active.Length; i++)
            {
                factors[i] = matrix[(active[i] * dim) + active[i]];
            }

            return new DiagonalKernel(indexer, offsets, factors);
        }

        if (TryMonomial(matrix, dim, active, out var sources, out var phases))
        {
            return active.Length == 2
                ? new SwapKernel(indexer, offsets[0], offsets[1], phases[0], phases[1])
                : new PermutationKernel(indexer, offsets, sources, phases);
        }

        var block = new Complex[active.Length * active.Length];
        for (var r = 0; r < active.Length; r++)
        {
            for (var c = 0; c < active.Length; c++)
            {
                block[(r * active.Length) + c] = matrix[(active[r] * dim) + active[c]];
            }
        }

        return active.Length == 2
            ? new Dense2Kernel(indexer, offsets[0], offsets[1], block[0], block[1], block[2], block[3])
            : new DenseKernel(indexer, offsets, block);
    }

    /// <summary>Sub-indices whose row or column differs from the identity's; outside them the matrix is the identity.</summary>
    private static int[] ActiveIndices(Complex[] matrix, int dim)
    {
        var active = new List<int>(dim);
        for (var i = 0; i < dim; i++)
        {
            var differs = matrix[(i * dim) + i] != Complex.One;
            for (var j = 0; j < dim && !differs; j++)
            {
                differs = j != i && (matrix[(i * dim) + j] != Complex.Zero || matrix[(j * dim) + i] != Complex.Zero);
            }

            if (differs)
            {
                active.Add(i);
            }
        }

        return [.. active];
    }

    private static bool IsDiagonal(Complex[] matrix, int dim, int[] active)
    {
        foreach (var r in active)
        {
            foreach (var c in active)
            {
                if (r != c && matrix[(r * dim) + c] != Complex.Zero)
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool TryMonomial(Complex[] matrix, int dim, int[] active, out int[] sources, out Complex[] phases)
    {
        sources = new int[active.Length];
        phases = new Complex[active.Length];
        for (var r = 0; r < active.Length; r++)
        {
            var found = -1;
            for (var c = 0; c < active.Length; c++)
            {
                if (matrix[(active[r] * dim) + active[c]] == Complex.Zero)
                {
                    continue;
                }

                if (found >= 0)
                {
                    return false;
                }

                found = c;
            }

            if (found < 0)
            {
                return false;
            }

            sources[r] = found;
            phases[r] = matrix[(active[r] * dim) + active[found]];
        }

        // A two-element monomial that is not diagonal is an exchange; the swap kernel relies on that.
        return active.Length != 2 || sources[0] == 1;
    }
}
