using System.Numerics;

namespace Qxm.Simulation.StateVector.Kernels;

/// <summary>A general 2×2 block on two amplitudes per group: every single-qubit gate that is neither diagonal
/// nor a swap, and every gate controlling one (cu3, crx, ch, csx, c3sqrtx).</summary>
internal sealed class Dense2Kernel(SubspaceIndexer indexer, int offset0, int offset1, Complex m00, Complex m01, Complex m10, Complex m11)
    : GateKernel(indexer)
{
    public override void Apply(Span<Complex> state, int firstGroup, int groupCount)
    {
        var indexer = Indexer;
        var b = indexer.Base(firstGroup);
        for (var g = 0; g < groupCount; g++, b = indexer.Next(b))
        {
            ref var a0 = ref state[b + offset0];
            ref var a1 = ref state[b + offset1];
            var v0 = a0;
            var v1 = a1;
            a0 = (m00 * v0) + (m01 * v1);
            a1 = (m10 * v0) + (m11 * v1);
        }
    }
}
