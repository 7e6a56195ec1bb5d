using System.Numerics;
using Qxm.Simulation.Noise;
using Qxm.Simulation.StateVector.Kernels;

namespace Qxm.Simulation.DensityMatrix;

/// <summary>An n-qubit density matrix stored as a 2n-qubit vector: element (r, c) at index r + (c &lt;&lt; n), so bits
/// 0..n-1 are the row's qubits and bits n..2n-1 the column's. A gate U acts as U on the row bits and conj(U) on the
/// column bits, which lets the state-vector reference kernels do the work. Not necessarily of trace one: a branch of
/// a mid-circuit measurement keeps its probability as its trace.</summary>
internal sealed class DensityState
{
    public DensityState(int qubits)
    {
        Qubits = qubits;
        Data = new Complex[1 << (2 * qubits)];
    }

    public int Qubits { get; }

    public Complex[] Data { get; }

    public static DensityState Zero(int qubits)
    {
        var state = new DensityState(qubits);
        state.Data[0] = Complex.One;
        return state;
    }

    public double Trace()
    {
        var sum = 0.0;
        for (var i = 0; i < 1 << Qubits; i++)
        {
            sum += Diagonal(i);
        }

        return sum;
    }

    /// <summary>⟨i|ρ|i⟩: the (unnormalised) probability of basis state <paramref name="index"/>.</summary>
    public double Diagonal(int index) => Data[index + (index << Qubits)].Real;

    public double ProbabilityOfOne(int qubit)
    {
        var sum = 0.0;
        for (var i = 0; i < 1 << Qubits; i++)
        {
            if (((i >> qubit) & 1) == 1)
            {
                sum += Diagonal(i);
            }
        }

        return sum;
    }

    /// <summary>Adds <paramref name="scale"/>·<paramref name="other"/>: mixing branches that are classically alike.</summary>
    public void Add(DensityState other, double scale)
    {
        for (var i = 0; i < Data.Length; i++)
        {
            Data[i] += other.Data[i] * scale;
        }
    }

    /// <summary>P ρ P for the projector P on <paramref name="qubit"/> = <paramref name="outcome"/>, as a new state whose
    /// trace is that outcome's probability.</summary>
    public DensityState Project(int qubit, int outcome)
    {
        var projected = new DensityState(Qubits);
        var (row, column) = (1 << qubit, 1 << (qubit + Qubits));
        var keep = outcome == 1 ? row | column : 0;
        for (var i = 0; i < Data.Length; i++)
        {
            if ((i & (row | column)) == keep)
            {
                projected.Data[i] = Data[i];
            }
        }

        return projected;
    }

    /// <summary>The reset channel |0⟩⟨0|ρ|0⟩⟨0| + |0⟩⟨1|ρ|1⟩⟨0| on <paramref name="qubit"/>.</summary>
    public void Reset(int qubit)
    {
        var (indexer, o) = Pair(qubit);
        for (int g = 0, b = 0; g < indexer.GroupCount; g++, b = indexer.Next(b))
        {
            Data[b] += Data[b + o.Both];
            Data[b + o.Row] = Complex.Zero;
            Data[b + o.Column] = Complex.Zero;
            Data[b + o.Both] = Complex.Zero;
        }
    }

    /// <summary>Applies <paramref name="channel"/> exactly to the groups [first, first + count) of its indexer; distinct
    /// ranges touch distinct elements, so ranges may run in parallel.</summary>
    public void Apply(NoiseChannel channel, int first, int count)
    {
        switch (channel)
        {
            case RelaxationChannel relaxation:
                Relax(relaxation, first, count);
                break;
            case DepolarizingChannel depolarizing:
                Depolarize(depolarizing, first, count);
                break;
            default:
                throw new ArgumentException($"unknown channel {channel.GetType().Name}", nameof(channel));
        }
    }

    /// <summary>How many independent groups <paramref name="channel"/> works on.</summary>
    public int GroupCount(NoiseChannel channel) => channel switch
    {
        RelaxationChannel => 1 << (2 * (Qubits - 1)),
        DepolarizingChannel d => 1 << (2 * (Qubits - d.Qubits.Length)),
        _ => throw new ArgumentException($"unknown channel {channel.GetType().Name}", nameof(channel)),
    };

    private void Relax(RelaxationChannel channel, int first, int count)
    {
        var (indexer, o) = Pair(channel.Qubit);
        var (gamma, coherence) = (channel.Gamma, channel.CoherenceFactor);
        for (int g = 0, b = indexer.Base(first); g < count; g++, b = indexer.Next(b))
        {
            var excited = Data[b + o.Both];
            Data[b] += excited * gamma;
            Data[b + o.Both] = excited * (1 - gamma);
            Data[b + o.Row] *= coherence;
            Data[b + o.Column] *= coherence;
        }
    }

    private void Depolarize(DepolarizingChannel channel, int first, int count)
    {
        var k = channel.Qubits.Length;
        var d = 1 << k;
        int[] operands = [.. channel.Qubits, .. channel.Qubits.Select(q => q + Qubits)];
        var indexer = new SubspaceIndexer(operands, 2 * Qubits);
        var offsets = new int[d * d];
        for (var s = 0; s < offsets.Length; s++)
        {
            offsets[s] = SubspaceIndexer.Offset(s, operands);
        }

        var keep = 1 - channel.Lambda;
        var spread = channel.Lambda / d;
        for (int g = 0, b = indexer.Base(first); g < count; g++, b = indexer.Next(b))
        {
            var trace = Complex.Zero;
            for (var j = 0; j < d; j++)
            {
                trace += Data[b + offsets[j | (j << k)]];
            }

            foreach (var offset in offsets)
            {
                Data[b + offset] *= keep;
            }

            for (var j = 0; j < d; j++)
            {
                Data[b + offsets[j | (j << k)]] += trace * spread;
            }
        }
    }

    private (SubspaceIndexer Indexer, (int Row, int Column, int Both) Offsets) Pair(int qubit)
    {
        var (row, column) = (1 << qubit, 1 << (qubit + Qubits));
        return (new SubspaceIndexer([qubit, qubit + Qubits], 2 * Qubits), (row, column, row | column));
    }
}
