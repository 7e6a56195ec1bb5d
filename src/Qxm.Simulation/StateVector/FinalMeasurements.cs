using System.Numerics;

namespace Qxm.Simulation.StateVector;

/// <summary>The measurements of a circuit whose measurements all come last: which qubits are read and
/// which clbits they land in. Turns a final state into a distribution over the measured qubits only,
/// and an index of that distribution into the outcome string.</summary>
internal sealed class FinalMeasurements
{
    private readonly int[] _measuredQubits;
    private readonly (int Position, int Clbit)[] _writes;
    private readonly int _clbitCount;

    public FinalMeasurements(CompiledCircuit circuit)
    {
        var measures = circuit.Steps.OfType<MeasureStep>().ToArray();
        _measuredQubits = [.. measures.Select(m => m.Qubit).Distinct().Order()];
        // In program order, so a clbit written twice keeps the last write.
        _writes = [.. measures.Select(m => (Array.IndexOf(_measuredQubits, m.Qubit), m.Clbit))];
        _clbitCount = circuit.ClbitCount;
    }

    /// <summary>The measured qubits, ascending: bit j of a marginal index is the j-th.</summary>
    public IReadOnlyList<int> MeasuredQubits => _measuredQubits;

    /// <summary>Probability of each joint value of the measured qubits; bit j of the index is the j-th lowest measured qubit.</summary>
    public double[] MarginalWeights(ReadOnlySpan<Complex> state)
    {
        var weights = new double[1 << _measuredQubits.Length];
        var all = _measuredQubits.Length == int.Log2(state.Length);
        for (var i = 0; i < state.Length; i++)
        {
            var a = state[i];
            var p = (a.Real * a.Real) + (a.Imaginary * a.Imaginary);
            weights[all ? i : Compress(i)] += p;
        }

        return weights;
    }

    public string Key(int marginalIndex)
    {
        return string.Create(_clbitCount, (marginalIndex, _writes), static (chars, s) =>
        {
            chars.Fill('0');
            foreach (var (position, clbit) in s._writes)
            {
                chars[chars.Length - 1 - clbit] = ((s.marginalIndex >> position) & 1) == 1 ? '1' : '0';
            }
        });
    }

    /// <summary>The marginal index of full basis index <paramref name="index"/>: its measured bits, packed.</summary>
    public int Compress(int index)
    {
        var compressed = 0;
        for (var j = 0; j < _measuredQubits.Length; j++)
        {
            compressed |= ((index >> _measuredQubits[j]) & 1) << j;
        }

        return compressed;
    }
}
