using System.Numerics;

namespace Qxm.Simulation.StateVector.Kernels;

/// <summary>Single-qubit measurement and reset on a state vector: probabilities and in-place collapse.</summary>
internal static class Projection
{
    public static double ProbabilityOfOne(ReadOnlySpan<Complex> state, int qubit)
    {
        var indexer = new SubspaceIndexer([qubit], int.Log2(state.Length));
        var bit = 1 << qubit;
        var sum = 0.0;
        for (int g = 0, b = 0; g < indexer.GroupCount; g++, b = indexer.Next(b))
        {
            var a = state[b | bit];
            sum += (a.Real * a.Real) + (a.Imaginary * a.Imaginary);
        }

        return sum;
    }

    /// <summary>Keeps the branch where <paramref name="qubit"/> reads <paramref name="outcome"/>, renormalised by the
    /// branch's <paramref name="probability"/>; with <paramref name="moveToZero"/> the kept branch is moved to the
    /// qubit's |0⟩ half, which is a reset.</summary>
    public static void Collapse(Span<Complex> state, int qubit, int outcome, double probability, bool moveToZero)
    {
        var indexer = new SubspaceIndexer([qubit], int.Log2(state.Length));
        var bit = 1 << qubit;
        var scale = 1 / Math.Sqrt(probability);
        for (int g = 0, i0 = 0; g < indexer.GroupCount; g++, i0 = indexer.Next(i0))
        {
            var i1 = i0 | bit;
            var kept = (outcome == 0 ? state[i0] : state[i1]) * scale;
            if (moveToZero || outcome == 0)
            {
                state[i0] = kept;
                state[i1] = Complex.Zero;
            }
            else
            {
                state[i0] = Complex.Zero;
                state[i1] = kept;
            }
        }
    }
}
