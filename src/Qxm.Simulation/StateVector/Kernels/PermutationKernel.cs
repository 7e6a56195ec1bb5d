using System.Numerics;

namespace Qxm.Simulation.StateVector.Kernels;

/// <summary>A monomial matrix (one non-zero per row) on more than two active amplitudes: gathers them,
/// then writes each row's source times its phase.</summary>
/// <param name="offsets">Offset of each active amplitude.</param>
/// <param name="sources">For active row r, the position in <paramref name="offsets"/> it reads from.</param>
internal sealed class PermutationKernel(SubspaceIndexer indexer, int[] offsets, int[] sources, Complex[] factors)
    : GateKernel(indexer)
{
    public override void Apply(Span<Complex> state, int firstGroup, int groupCount)
    {
        Span<Complex> gathered = stackalloc Complex[offsets.Length];
        var indexer = Indexer;
        var b = indexer.Base(firstGroup);
        for (var g = 0; g < groupCount; g++, b = indexer.Next(b))
        {
            for (var i = 0; i < offsets.Length; i++)
            {
                gathered[i] = state[b + offsets[i]];
            }

            for (var r = 0; r < offsets.Length; r++)
            {
                state[b + offsets[r]] = factors[r] * gathered[sources[r]];
            }
        }
    }
}
