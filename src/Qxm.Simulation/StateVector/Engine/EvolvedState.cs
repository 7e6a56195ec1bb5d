using System.Numerics;
using System.Runtime.CompilerServices;

namespace Qxm.Simulation.StateVector.Engine;

internal sealed unsafe class EvolvedState<T>(NativeState<T> state, PassPlan plan) : IEvolvedState
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public PassPlan Plan => plan;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Complex[] ToArray()
    {
        var logicalToPhysical = new BitPermutation(plan.FinalPhysical);
        var amplitudes = new Complex[state.Length];
        for (long i = 0; i < state.Length; i++)
        {
            var p = logicalToPhysical.Map(i);
            amplitudes[i] = new Complex(double.CreateTruncating(state.Real[p]), double.CreateTruncating(state.Imaginary[p]));
        }

        return amplitudes;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double[] MarginalWeights(IReadOnlyList<int> measuredQubits)
    {
        var destination = new int[state.Qubits];
        Array.Fill(destination, -1);
        for (var j = 0; j < measuredQubits.Count; j++)
        {
            destination[plan.FinalPhysical[measuredQubits[j]]] = j;
        }

        var physicalToOutcome = new BitPermutation(destination);
        var weights = new double[1L << measuredQubits.Count];
        var re = state.Real;
        var im = state.Imaginary;
        if (physicalToOutcome.IsIdentity)
        {
            for (long i = 0; i < state.Length; i++)
            {
                var r = double.CreateTruncating(re[i]);
                var m = double.CreateTruncating(im[i]);
                weights[i] += (r * r) + (m * m);
            }
        }
        else
        {
            for (long i = 0; i < state.Length; i++)
            {
                var r = double.CreateTruncating(re[i]);
                var m = double.CreateTruncating(im[i]);
                weights[physicalToOutcome.Map(i)] += (r * r) + (m * m);
            }
        }

        return weights;
    }

    public void Dispose() => state.Dispose();
}
