using System.Numerics;
using Qxm.Simulation.StateVector.Engine.Tiles;
using Qxm.Simulation.StateVector.Engine.Vectors;

namespace Qxm.Simulation.StateVector.Engine;

internal sealed class SteppedState<T, TVec, TOps>(int qubits, SimulatorOptions options) : ISteppedState
    where T : unmanaged, IFloatingPointIeee754<T>
    where TVec : struct
    where TOps : struct, IVectorOps<TVec, T>
{
    private readonly NativeState<T> _state = NativeState<T>.Allocate(qubits, options.Threads);

    /// <summary>Null while the state is still the |0…0⟩ no pass has written: the first plan then writes it itself.</summary>
    private int[]? _layout;

    /// <summary>The state this one is a copy of until the next step's first pass reads it (<see cref="CopyFrom"/>);
    /// null when this state's own memory holds it.</summary>
    private SteppedState<T, TVec, TOps>? _source;

    public void Reset()
    {
        _layout = null;
        _source = null;
    }

    public unsafe ISteppedState Clone()
    {
        ReadSource();
        var copy = new SteppedState<T, TVec, TOps>(qubits, options);
        if (_layout is not null)
        {
            var bytes = _state.Length * sizeof(T);
            Buffer.MemoryCopy(_state.Real, copy._state.Real, bytes, bytes);
            Buffer.MemoryCopy(_state.Imaginary, copy._state.Imaginary, bytes, bytes);
            copy._layout = (int[])_layout.Clone();
        }

        return copy;
    }

    /// <summary>Nothing is copied yet: the next step's first pass reads its blocks from <paramref name="source"/> and
    /// writes them here (a trajectory starting from a checkpoint saved a whole copy of the state, a tenth of its
    /// time), and whatever reads this state before a step copies it then.</summary>
    public void CopyFrom(ISteppedState source)
    {
        var from = (SteppedState<T, TVec, TOps>)source;
        from.ReadSource();
        _layout = from._layout is null ? null : (int[])from._layout.Clone();
        _source = from._layout is null || from == this ? null : from;
    }

    public Func<Sampling.Xoshiro256StarStar, int> Sampler(IReadOnlyList<int> qubits)
    {
        Materialize();
        return new OutcomeSampler<T>(_state, _layout!, qubits).Sample;
    }

    public void Apply(IReadOnlyList<GateShape> gates, CancellationToken cancellationToken)
    {
        if (gates.Count == 0)
        {
            return;
        }

        var plan = StateVectorEngine.Plan(qubits, gates, options, TileKernelEmitter<T, TVec, TOps>.Supported, _layout);
        if (plan.Passes.Count == 0)
        {
            Materialize();
        }
        else
        {
            var source = _source;
            _source = null;
            PassExecutor<T, TVec, TOps>.Run(_state, plan, options.Threads, options.Tiles, options.TileBits, cancellationToken, source?._state);
        }

        _layout = plan.FinalPhysical;
    }

    public double[] MarginalWeights(IReadOnlyList<int> qubits)
    {
        Materialize();
        using var view = new EvolvedState<T>(_state, new PassPlan(_state.Qubits, 0, [], _layout!, 0), ownsState: false);
        return view.MarginalWeights(qubits);
    }

    public void Dispose() => _state.Dispose();

    /// <summary>Copies the state <see cref="CopyFrom"/> named, if no step has read it yet.</summary>
    private unsafe void ReadSource()
    {
        if (_source is { } from)
        {
            _source = null;
            var bytes = _state.Length * sizeof(T);
            Buffer.MemoryCopy(from._state.Real, _state.Real, bytes, bytes);
            Buffer.MemoryCopy(from._state.Imaginary, _state.Imaginary, bytes, bytes);
        }
    }

    /// <summary>Makes the state readable and writable in place: a pending source copied in, or |0...0> written if it was
    /// never touched.</summary>
    private void Materialize()
    {
        ReadSource();
        if (_layout is null)
        {
            _state.SetBasisZero();
            _layout = [.. Enumerable.Range(0, _state.Qubits)];
        }
    }
}
