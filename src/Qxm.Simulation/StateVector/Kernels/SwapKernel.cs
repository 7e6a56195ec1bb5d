using System.Numerics;

namespace Qxm.Simulation.StateVector.Kernels;

/// <summary>A gate that exchanges two amplitudes per group, possibly with phases, and leaves the rest:
/// x, y, cx, cy, swap, ccx, cswap, c3x, c4x.</summary>
/// <param name="phaseA">Multiplies the amplitude moving from B to A.</param>
/// <param name="phaseB">Multiplies the amplitude moving from A to B.</param>
internal sealed class SwapKernel(SubspaceIndexer indexer, int offsetA, int offsetB, Complex phaseA, Complex phaseB)
    : GateKernel(indexer)
{
    private readonly bool _plain = phaseA == Complex.One && phaseB == Complex.One;

    public override void Apply(Span<Complex> state, int firstGroup, int groupCount)
    {
        var indexer = Indexer;
        var b = indexer.Base(firstGroup);
        for (var g = 0; g < groupCount; g++, b = indexer.Next(b))
        {
            ref var a = ref state[b + offsetA];
            ref var c = ref state[b + offsetB];
            var t = a;
            if (_plain)
            {
                a = c;
                c = t;
            }
            else
            {
                a = phaseA * c;
                c = phaseB * t;
            }
        }
    }
}
