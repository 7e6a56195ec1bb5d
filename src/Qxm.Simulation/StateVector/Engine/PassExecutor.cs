using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Qxm.Simulation.StateVector.Engine.Tiles;
using Qxm.Simulation.StateVector.Engine.Vectors;

namespace Qxm.Simulation.StateVector.Engine;

/// <summary>Runs a plan's passes on a state. Each pass is split over the workers by blocks (worker t takes the t-th,
/// (t + workers)-th, … of the blocks not known to be zero, which balances blocks skipped by outer controls); the only
/// synchronisation is the end of a pass.
/// Each worker owns one block buffer for the whole run, so the hot path allocates nothing.</summary>
internal static unsafe class PassExecutor<T, TVec, TOps>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TVec : struct
    where TOps : struct, IVectorOps<TVec, T>
{
    /// <param name="tileBits">Register bits a tile spans at most; null picks the widest the registers hold.</param>
    /// <param name="source">Where the first pass reads its blocks instead of <paramref name="state"/> (a state of the
    /// same width and layout that the plan continues): a copy and the first pass become one sweep.</param>
    /// <param name="zeroed">The state's memory holds only zeros (fresh from the system): a first pass from |0…0⟩
    /// leaves its zero blocks as they are instead of writing zeros over the whole state again.</param>
    public static void Run(
        NativeState<T> state, PassPlan plan, int threads, bool tiles, int? tileBits, CancellationToken cancellationToken,
        NativeState<T>? source = null, bool zeroed = false)
    {
        if (source is not null && (plan.FromZero || source.Length != state.Length))
        {
            throw new ArgumentException("a source state needs a plan that continues a state of the same width", nameof(source));
        }

        var laneBits = BitOperations.Log2((uint)TOps.Count);

        // 2^R registers per part stay loaded: 16 of the 32 AVX-512 registers at R = 3, 8 of 16 otherwise.
        var maxTileBits = Math.Min(Math.Min(Unsafe.SizeOf<TVec>() >= 64 ? 3 : 2, tileBits ?? int.MaxValue), plan.BlockQubits - laneBits);
        var bufferBytes = (nuint)(2L * sizeof(T) << plan.BlockQubits);
        var needsBuffers = plan.Passes.Any(p => !p.Contiguous);
        var buffers = new nint[threads];
        try
        {
            if (needsBuffers)
            {
                for (var t = 0; t < threads; t++)
                {
                    buffers[t] = (nint)NativeMemory.AlignedAlloc(bufferBytes, 64);
                }
            }

            for (var index = 0; index < plan.Passes.Count; index++)
            {
                // The first pass writes |0…0⟩ itself instead of reading memory that may hold anything.
                var pass = plan.Passes[index];
                var initial = index == 0 && plan.FromZero;
                var from = index == 0 ? source ?? state : state;
                cancellationToken.ThrowIfCancellationRequested();
                long[] runs = [.. pass.RunOffsets().Select(o => o * sizeof(T))];
                long[] writeRuns = pass.WrittenQubits is null ? runs : [.. pass.WriteRunOffsets().Select(o => o * sizeof(T))];
                var ops = SweepNormalizer.Rewrite(pass.Ops, laneBits);
                var workers = (int)Math.Min(threads, pass.BlockCount);
                var kernels = TileKernelEmitter<T, TVec, TOps>.Supported;
                var tiled = tiles && kernels && !MostlyPhases(ops);
                using var program = BlockProgram<T, TVec, TOps>.Build(
                    ops, pass.BlockQubits.Length, laneBits, tiled ? maxTileBits : null, kernels ? maxTileBits : null, pass.Contiguous ? null : pass.Written);

                // Blocks where a qubit no gate has mixed yet is 1 hold zeros and keep them: the first pass writes their
                // zeros, later passes skip them. The others are dealt out evenly.
                var computed = new List<long>();
                var cleared = new List<long>();
                for (var block = 0L; block < pass.BlockCount; block++)
                {
                    if (!pass.IsZeroBlock(pass.BlockBase(block)))
                    {
                        computed.Add(block);
                    }
                    else if (initial && !zeroed)
                    {
                        cleared.Add(block);
                    }
                }

                if (workers == 1)
                {
                    RunBlocks(state, from, pass, program, runs, writeRuns, initial, computed, cleared, 0, 1, buffers[0]);
                }
                else
                {
                    Parallel.For(
                        0,
                        workers,
                        new ParallelOptions { MaxDegreeOfParallelism = workers },
                        t => RunBlocks(state, from, pass, program, runs, writeRuns, initial, computed, cleared, t, workers, buffers[t]));
                }
            }
        }
        finally
        {
            foreach (var buffer in buffers)
            {
                NativeMemory.AlignedFree((void*)buffer);
            }
        }
    }

    /// <summary>A pass made mostly of phases on subspaces (the cu1 cascades of a QFT) keeps the per-operation sweeps:
    /// each such sweep touches only its subspace (a quarter of the block for cu1), while tiles of three register bits
    /// would split the cascade into many groups, each loading and storing the whole block (qft_24: 0.24 s with sweeps,
    /// 0.28-0.31 s with tiles).</summary>
    private static bool MostlyPhases(PassOp[] ops) => ops.Count(o => o is PhaseOp { Condition.InnerMask: not 0 }) * 2 > ops.Length;

    /// <summary>Worker <paramref name="first"/>'s share of a pass: for each of its blocks, bring the block in from
    /// <paramref name="from"/> (or, on the first pass from |0…0⟩, write that into it), run the program's steps, apply the block's factor (inside the last tile
    /// group when the program ends with one) and write the block back; then write zeros to its share of the
    /// <paramref name="cleared"/> blocks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunBlocks(
        NativeState<T> state, NativeState<T> from, Pass pass, BlockProgram<T, TVec, TOps> program, long[] runs, long[] writeRuns, bool initial, List<long> computed,
        List<long> cleared, int first, int step, nint buffer)
    {
        var bits = pass.BlockQubits.Length;
        var length = 1L << bits;
        var runBytes = (int)((1L << pass.RunBits) * sizeof(T));
        var writeRunBytes = (int)((1L << pass.WriteRunBits) * sizeof(T));
        var bufferRe = (T*)buffer;
        var bufferIm = bufferRe + length;
        var steps = program.Steps;

        // A last tile group may write its tiles straight back to the state instead of a scatter after it. (A first group
        // reading the state directly, with software prefetches, was slower than the gather: random_26_d6 0.98 s
        // against 0.88 s.)
        var writesState = steps.Length > 0 && steps[^1].Group is { ToState: true };
        for (var index = first; index < computed.Count; index += step)
        {
            var blockBase = pass.BlockBase(computed[index]);
            var stateRe = state.Real + blockBase;
            var stateIm = state.Imaginary + blockBase;
            var re = pass.Contiguous ? stateRe : bufferRe;
            var im = pass.Contiguous ? stateIm : bufferIm;
            if (initial)
            {
                NativeMemory.Clear(re, (nuint)(length * sizeof(T)));
                NativeMemory.Clear(im, (nuint)(length * sizeof(T)));
                if (blockBase == 0)
                {
                    re[0] = T.One;
                }
            }
            else if (!pass.Contiguous)
            {
                BlockGather.Gather((byte*)(from.Real + blockBase), (byte*)(from.Imaginary + blockBase), runs, (byte*)re, (byte*)im, runBytes);
            }
            else if (from != state)
            {
                // The block is copied while it is in cache for the pass, instead of the whole state copied first.
                var bytes = length * sizeof(T);
                Buffer.MemoryCopy(from.Real + blockBase, re, bytes, bytes);
                Buffer.MemoryCopy(from.Imaginary + blockBase, im, bytes, bytes);
            }

            var scale = program.ScaleFor(blockBase);
            var scaled = scale == Complex.One;
            for (var s = 0; s < steps.Length; s++)
            {
                var (group, single) = steps[s];
                if (group is not null)
                {
                    var last = s == steps.Length - 1;
                    group.Run(stateRe, stateIm, re, im, blockBase, !scaled && last ? scale : null);
                    scaled |= last;
                }
                else if (single!.Condition.HoldsFor(blockBase))
                {
                    BlockKernels<T, TVec, TOps>.Apply(single, re, im, bits);
                }
            }

            if (!scaled)
            {
                BlockKernels<T, TVec, TOps>.Scale(re, im, length, scale);
            }

            if (!pass.Contiguous && !writesState)
            {
                BlockGather.Scatter((byte*)re, (byte*)im, writeRuns, (byte*)stateRe, (byte*)stateIm, writeRunBytes);
            }
            else if (writesState)
            {
                BlockGather.FenceStreamingStores();
            }
        }

        for (var index = first; index < cleared.Count; index += step)
        {
            var blockBase = pass.BlockBase(cleared[index]);
            BlockGather.ScatterZeros(runs, (byte*)(state.Real + blockBase), (byte*)(state.Imaginary + blockBase), runBytes);
        }
    }
}
