using System.Numerics;

namespace Qxm.Simulation.StateVector.Kernels;

/// <summary>A diagonal gate (phases, cz, cp, crz, rzz): multiplies the non-unit diagonal entries in place.</summary>
internal sealed class DiagonalKernel(SubspaceIndexer indexer, int[] offsets, Complex[] factors) : GateKernel(indexer)
{
    public override void Apply(Span<Complex> state, int firstGroup, int groupCount)
    {
        var indexer = Indexer;
        var b = indexer.Base(firstGroup);
        for (var g = 0; g < groupCount; g++, b = indexer.Next(b))
        {
            for (var e = 0; e < offsets.Length; e++)
            {
                state[b + offsets[e]] *= factors[e];
            }
        }
    }
}
