using System.Numerics;
using System.Runtime.Intrinsics;
using Qxm.Simulation.StateVector.Engine.Vectors;

namespace Qxm.Simulation.StateVector.Engine;

/// <summary>The fast path: plans a gate-only circuit into cache-blocked passes and runs them with the widest vectors
/// the processor accelerates, chosen once per run (and narrower for states smaller than a register).</summary>
internal static class StateVectorEngine
{
    /// <summary>Block buffer bytes per worker: half of a 1 MiB L2, so the block and the streamed state share it.</summary>
    private const int BlockBufferBytes = 512 << 10;

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

    /// <summary>The plan a circuit gets under <paramref name="options"/>, without running it.</summary>
    public static unsafe PassPlan Plan(int qubits, IReadOnlyList<GateShape> gates, SimulatorOptions options)
    {
        var size = options.Precision == SimulationPrecision.Single ? sizeof(float) : sizeof(double);
        var blockQubits = Math.Min(qubits, options.BlockQubits ?? BitOperations.Log2((uint)(BlockBufferBytes / (2 * size))));
        var runBits = Math.Clamp(Math.Min(BitOperations.Log2((uint)(RunBytes / size)), blockQubits - 4), 0, blockQubits);
        return PassPlanner.Plan(qubits, gates, blockQubits, runBits, options.Fusion);
    }

    private static EvolvedState<T> Evolve<T>(int qubits, List<GateShape> gates, SimulatorOptions options, CancellationToken cancellationToken)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var bits = VectorBits(options.Simd);
        while (bits > 0 && (bits / 8 / System.Runtime.CompilerServices.Unsafe.SizeOf<T>()) > (1L << qubits))
        {
            bits /= 2;
        }

        return bits switch
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
        var plan = Plan(qubits, gates, options);
        if (plan.BlockQubits < BitOperations.Log2((uint)TOps.Count))
        {
            throw new ArgumentException($"blocks of {plan.BlockQubits} qubits are narrower than a {TOps.Count}-lane register");
        }

        var state = NativeState<T>.AllocateZeroed(qubits);
        try
        {
            unsafe
            {
                state.Real[0] = T.One;
            }

            PassExecutor<T, TVec, TOps>.Run(state, plan, options.Threads, options.Tiles, cancellationToken);
            return new EvolvedState<T>(state, plan);
        }
        catch
        {
            state.Dispose();
            throw;
        }
    }

    private static int VectorBits(bool simd) =>
        !simd ? 0
        : Vector512.IsHardwareAccelerated ? 512
        : Vector256.IsHardwareAccelerated ? 256
        : Vector128.IsHardwareAccelerated ? 128
        : 0;
}
