using System.Numerics;

namespace Qxm.Simulation.Tests;

/// <summary>Comparisons of complex vectors and matrices with a tolerance, optionally modulo a global phase.</summary>
internal static class MatrixAssert
{
    public const double Tolerance = 1e-12;

    public static void Equal(IReadOnlyList<Complex> expected, IReadOnlyList<Complex> actual, string? what = null)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(
                Complex.Abs(expected[i] - actual[i]) < Tolerance,
                $"{what} entry {i}: expected {expected[i]}, got {actual[i]}");
        }
    }

    /// <summary>Equal after removing the phase of <paramref name="actual"/> relative to <paramref name="expected"/>.</summary>
    public static void EqualUpToGlobalPhase(IReadOnlyList<Complex> expected, IReadOnlyList<Complex> actual, string? what = null)
    {
        Assert.Equal(expected.Count, actual.Count);
        var pivot = 0;
        for (var i = 0; i < expected.Count; i++)
        {
            if (Complex.Abs(expected[i]) > Complex.Abs(expected[pivot]))
            {
                pivot = i;
            }
        }

        Assert.True(Complex.Abs(actual[pivot]) > Tolerance, $"{what}: entry {pivot} vanishes");
        var phase = expected[pivot] / actual[pivot];
        phase /= Complex.Abs(phase);
        Equal(expected, [.. actual.Select(a => a * phase)], what);
    }

    public static Complex[] Multiply(Complex[] a, Complex[] b)
    {
        var dim = (int)Math.Sqrt(a.Length);
        var product = new Complex[a.Length];
        for (var i = 0; i < dim; i++)
        {
            for (var k = 0; k < dim; k++)
            {
                for (var j = 0; j < dim; j++)
                {
                    product[(i * dim) + j] += a[(i * dim) + k] * b[(k * dim) + j];
                }
            }
        }

        return product;
    }

    public static Complex[] Adjoint(Complex[] a)
    {
        var dim = (int)Math.Sqrt(a.Length);
        var adjoint = new Complex[a.Length];
        for (var i = 0; i < dim; i++)
        {
            for (var j = 0; j < dim; j++)
            {
                adjoint[(j * dim) + i] = Complex.Conjugate(a[(i * dim) + j]);
            }
        }

        return adjoint;
    }

    public static Complex[] Identity(int dim)
    {
        var m = new Complex[dim * dim];
        for (var i = 0; i < dim; i++)
        {
            m[(i * dim) + i] = 1;
        }

        return m;
    }

    /// <summary>Applies <paramref name="matrix"/> on <paramref name="qubits"/> (operand j = bit j of its index) by
    /// the textbook definition: every basis state, every matrix entry. The reference the kernels are checked against.</summary>
    public static Complex[] NaiveApply(Complex[] state, Complex[] matrix, int[] qubits)
    {
        var dim = 1 << qubits.Length;
        var mask = qubits.Aggregate(0, (m, q) => m | (1 << q));
        var result = new Complex[state.Length];
        for (var i = 0; i < state.Length; i++)
        {
            var rest = i & ~mask;
            var col = Sub(i, qubits);
            for (var row = 0; row < dim; row++)
            {
                result[rest | Spread(row, qubits)] += matrix[(row * dim) + col] * state[i];
            }
        }

        return result;
    }

    private static int Sub(int index, int[] qubits)
    {
        var sub = 0;
        for (var j = 0; j < qubits.Length; j++)
        {
            sub |= ((index >> qubits[j]) & 1) << j;
        }

        return sub;
    }

    private static int Spread(int sub, int[] qubits)
    {
        var index = 0;
        for (var j = 0; j < qubits.Length; j++)
        {
            index |= ((sub >> j) & 1) << qubits[j];
        }

        return index;
    }
}
