using System.Numerics;
using System.Runtime.Intrinsics;
using Qxm.Simulation.Diagnostics;
using Qxm.Simulation.StateVector.Engine.Tiles;
using Qxm.Simulation.StateVector.Engine.Vectors;

namespace Qxm.Simulation.StateVector.Engine;

/// <summary>The fast path: plans a gate-only circuit into cache-blocked passes and runs them with the widest vectors
/// the processor accelerates, chosen once per run (and narrower for states smaller than a register).</summary>
internal static class StateVectorEngine
{
    /// <summary>Block buffer bytes per worker when the last-level cache is unknown: half of a 1 MiB L2.</summary>
    private const long SmallBlockBufferBytes = 512 << 10;

    /// <summary>The largest block buffer per worker: 4 MiB.</summary>
    private const long LargeBlockBufferBytes = 4 << 20;

    /// <summary>Block buffer bytes per worker: a quarter of the last-level cache per core (two buffers' worth of room
    /// each), between 512 KiB and 4 MiB. With tile kernels a block is swept once per group of gates, not once per
    /// gate, so it may live in L3: larger blocks hold more gates per pass, and a pass over memory is the dearer part
    /// (random_24_d10: 8 passes with 512 KiB blocks, 4 with 4 MiB, 0.45 s to 0.39 s). It depends on the machine only,
    /// never on the thread count, so results stay bit-for-bit the same for any number of threads.</summary>
    private static readonly long BlockBufferBytes = ChooseBlockBufferBytes(CacheInfo.LastLevelBytes(), Environment.ProcessorCount);

    /// <summary>Gathers copy runs of this many bytes per part, two cache lines, which keeps the prefetchers streaming.</summary>
    private const int RunBytes = 128;

    /// <summary>The register width the engine uses on this processor, e.g. "Vector512 (8 doubles, 16 floats)".</summary>
    public static string VectorDescription => VectorBits(simd: true) switch
    {
        512 => "Vector512 (AVX-512: 8 doubles, 16 floats per register)",
        256 => "Vector256 (AVX2: 4 doubles, 8 floats per register)",
        128 => "Vector128 (2 doubles, 4 floats per register)",
        _ => "scalar (no accelerated vectors)",
    };

    public static IEvolvedState Evolve(CompiledCircuit circuit, SimulatorOptions options, CancellationToken cancellationToken)
    {
        var gates = circuit.Steps.OfType<GateStep>().Select(g => new GateShape(g.Qubits, g.Matrix)).ToList();
        return options.Precision == SimulationPrecision.Single
            ? Evolve<float>(circuit.QubitCount, gates, options, cancellationToken)
            : Evolve<double>(circuit.QubitCount, gates, options, cancellationToken);
    }

    /// <summary>A |0…0⟩ state that gates are applied to in steps, in the options' precision (noise trajectories: a step
    /// ends where a probability must be read from the state).</summary>
    public static ISteppedState Start(int qubits, SimulatorOptions options) =>
        options.Precision == SimulationPrecision.Single ? Start<float>(qubits, options) : Start<double>(qubits, options);

    private static ISteppedState Start<T>(int qubits, SimulatorOptions options)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        VectorBits(options.Simd, qubits, System.Runtime.CompilerServices.Unsafe.SizeOf<T>()) switch
        {
            512 => new SteppedState<T, Vector512<T>, Vector512Ops<T>>(qubits, options),
            256 => new SteppedState<T, Vector256<T>, Vector256Ops<T>>(qubits, options),
            128 => new SteppedState<T, Vector128<T>, Vector128Ops<T>>(qubits, options),
            _ => new SteppedState<T, T, ScalarOps<T>>(qubits, options),
        };

    /// <summary>The plan a circuit gets under <paramref name="options"/>, without running it.</summary>
    /// <param name="relabel">Whether passes may end by moving qubits into the lanes (tile kernels can do it cheaply).</param>
    /// <param name="start">Null: from |0…0⟩; otherwise the layout of the state the plan continues.</param>
    public static unsafe PassPlan Plan(int qubits, IReadOnlyList<GateShape> gates, SimulatorOptions options, bool relabel = true, int[]? start = null)
    {
        var size = options.Precision == SimulationPrecision.Single ? sizeof(float) : sizeof(double);
        // Sweeps (diagonal-heavy circuits keep them, see PassExecutor) want a block in L2; tile groups tolerate L3.
        var mostlyDiagonal = gates.Count(g => g.Mixing.Length == 0) * 2 > gates.Count;
        var bufferBytes = options.Tiles && !mostlyDiagonal ? BlockBufferBytes : SmallBlockBufferBytes;
        var blockQubits = Math.Min(qubits, options.BlockQubits ?? BitOperations.Log2((ulong)(bufferBytes / (2 * size))));
        var runBits = Math.Clamp(Math.Min(BitOperations.Log2((uint)(RunBytes / size)), blockQubits - 4), 0, blockQubits);
        return PassPlanner.Plan(qubits, gates, blockQubits, runBits, options.Fusion, relabel && options.Tiles && !mostlyDiagonal, start);
    }

    private static EvolvedState<T> Evolve<T>(int qubits, List<GateShape> gates, SimulatorOptions options, CancellationToken cancellationToken)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        return VectorBits(options.Simd, qubits, System.Runtime.CompilerServices.Unsafe.SizeOf<T>()) switch
        {
            512 => Run<T, Vector512<T>, Vector512Ops<T>>(qubits, gates, options, cancellationToken),
            256 => Run<T, Vector256<T>, Vector256Ops<T>>(qubits, gates, options, cancellationToken),
            128 => Run<T, Vector128<T>, Vector128Ops<T>>(qubits, gates, options, cancellationToken),
            _ => Run<T, T, ScalarOps<T>>(qubits, gates, options, cancellationToken),
        };
    }

    private static EvolvedState<T> Run<T, TVec, TOps>(int qubits, List<GateShape> gates, SimulatorOptions options, CancellationToken cancellationToken)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVec : struct
        where TOps : struct, IVectorOps<TVec, T>
    {
        PassPlan plan;
        using (SimulationActivities.Start(SimulationActivities.Plan))
        {
            plan = Plan(qubits, gates, options, TileKernelEmitter<T, TVec, TOps>.Supported);
        }

        if (plan.BlockQubits < BitOperations.Log2((uint)TOps.Count))
        {
            throw new ArgumentException($"blocks of {plan.BlockQubits} qubits are narrower than a {TOps.Count}-lane register");
        }

        NativeState<T> state;
        using (SimulationActivities.Start(SimulationActivities.Memory))
        {
            state = NativeState<T>.Allocate(qubits, options.Threads);
        }

        try
        {
            using var passes = SimulationActivities.Start(SimulationActivities.Passes);
            if (plan.Passes.Count == 0)
            {
                state.SetBasisZero();
            }

            PassExecutor<T, TVec, TOps>.Run(state, plan, options.Threads, options.Tiles, options.TileBits, cancellationToken, zeroed: state.Zeroed);
            return new EvolvedState<T>(state, plan);
        }
        catch
        {
            state.Dispose();
            throw;
        }
    }

    internal static long ChooseBlockBufferBytes(long? lastLevelCacheBytes, int processors)
    {
        if (lastLevelCacheBytes is not { } cache || cache <= 0)
        {
            return SmallBlockBufferBytes;
        }

        var share = cache / (4 * Math.Max(1, processors));
        return (long)BitOperations.RoundUpToPowerOf2((ulong)Math.Clamp(share, SmallBlockBufferBytes, LargeBlockBufferBytes) + 1) / 2;
    }

    /// <summary>The widest accelerated register that a state of <paramref name="qubits"/> fills at least once.</summary>
    private static int VectorBits(bool simd, int qubits, int size)
    {
        var bits = VectorBits(simd);
        while (bits > 0 && (bits / 8 / size) > (1L << qubits))
        {
            bits /= 2;
        }

        return bits;
    }

    private static int VectorBits(bool simd) =>
        !simd ? 0
        : Vector512.IsHardwareAccelerated ? 512
        : Vector256.IsHardwareAccelerated ? 256
        : Vector128.IsHardwareAccelerated ? 128
        : 0;
}
