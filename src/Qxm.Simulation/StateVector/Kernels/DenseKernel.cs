using System.Numerics;

namespace Qxm.Simulation.StateVector.Kernels;

/// <summary>A general block on the active amplitudes of each group (up to 2^5): gather, multiply, scatter.
/// The target of fused gates later; for now rxx, rccx, rc3x and other dense gates.</summary>
/// <param name="matrix">Row-major, offsets.Length squared, over the active amplitudes only.</param>
internal sealed class DenseKernel(SubspaceIndexer indexer, int[] offsets, Complex[] matrix) : GateKernel(indexer)
{
    public override void Apply(Span<Complex> state, int firstGroup, int groupCount)
    {
        var dim = offsets.Length;
        Span<Complex> gathered = stackalloc Complex[dim];
        var indexer = Indexer;
        var b = indexer.Base(firstGroup);
        for (var g = 0; g < groupCount; g++, b = indexer.Next(b))
        {
            for (var i = 0; i < dim; i++)
            {
                gathered[i] = state[b + offsets[i]];
            }

            for (var r = 0; r < dim; r++)
            {
                var row = matrix.AsSpan(r * dim, dim);
                var sum = Complex.Zero;
                for (var c = 0; c < dim; c++)
                {
                    sum += row[c] * gathered[c];
                }

                state[b + offsets[r]] = sum;
            }
        }
    }
}
