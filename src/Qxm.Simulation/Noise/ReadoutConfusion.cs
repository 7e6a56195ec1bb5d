using Qxm.Simulation.Sampling;

namespace Qxm.Simulation.Noise;

/// <summary>The readout errors of the measured qubits of a circuit, acting on marginal indices (bit j = the j-th
/// measured qubit): exactly on a distribution, or by drawing one misread per bit for a sampled shot.</summary>
internal sealed class ReadoutConfusion
{
    private readonly double[] _oneGivenZero;
    private readonly double[] _zeroGivenOne;

    public ReadoutConfusion(NoiseModel noise, IReadOnlyList<int> measuredQubits)
    {
        _oneGivenZero = [.. measuredQubits.Select(q => noise.Qubit(q).ReadOneGivenZero)];
        _zeroGivenOne = [.. measuredQubits.Select(q => noise.Qubit(q).ReadZeroGivenOne)];
    }

    /// <summary>Replaces the distribution of true values by the distribution of read values, one bit at a time.</summary>
    public void Apply(double[] weights)
    {
        for (var j = 0; j < _oneGivenZero.Length; j++)
        {
            var (a, b, bit) = (_oneGivenZero[j], _zeroGivenOne[j], 1 << j);
            for (var i = 0; i < weights.Length; i++)
            {
                if ((i & bit) == 0)
                {
                    var (w0, w1) = (weights[i], weights[i | bit]);
                    weights[i] = (w0 * (1 - a)) + (w1 * b);
                    weights[i | bit] = (w0 * a) + (w1 * (1 - b));
                }
            }
        }
    }

    /// <summary>The value read for true value <paramref name="index"/>. Draws once per bit whatever the outcome, so a
    /// stream's later draws do not depend on what was read.</summary>
    public int Read(int index, Xoshiro256StarStar rng)
    {
        for (var j = 0; j < _oneGivenZero.Length; j++)
        {
            var one = ((index >> j) & 1) == 1;
            if (rng.NextDouble() < (one ? _zeroGivenOne[j] : _oneGivenZero[j]))
            {
                index ^= 1 << j;
            }
        }

        return index;
    }

    /// <summary>Whether a single measurement of qubit with these figures reads the wrong value: one draw.</summary>
    public static bool Misreads(QubitCalibration qubit, int outcome, Xoshiro256StarStar rng) =>
        rng.NextDouble() < (outcome == 1 ? qubit.ReadZeroGivenOne : qubit.ReadOneGivenZero);
}
