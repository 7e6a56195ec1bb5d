using System.Numerics;
using System.Runtime.InteropServices;
using Qxm.Simulation.StateVector.Engine.Vectors;

namespace Qxm.Simulation.StateVector.Engine.Tiles;

/// <summary>One tile group of a pass, ready to run on blocks: its kernel, its coefficients (one register-wide vector per
/// slot, aligned native memory) and the byte offsets of a tile's registers.</summary>
internal sealed unsafe class TileGroup<T, TVec, TOps> : IDisposable
    where T : unmanaged, IFloatingPointIeee754<T>
    where TVec : struct
    where TOps : struct, IVectorOps<TVec, T>
{
    private readonly OpCondition[] _enableConditions;
    private void* _coefficients;
    private void* _offsets;
    private void* _stateOffsets;

    private TileGroup(
        TileKernel<T> kernel, void* coefficients, void* offsets, void* stateOffsets, bool toState, int count, int fixedMask,
        long stateFixed, OpCondition[] enableConditions)
    {
        Kernel = kernel;
        ToState = toState;
        _coefficients = coefficients;
        _offsets = offsets;
        _stateOffsets = stateOffsets;
        Count = count;
        FixedMask = fixedMask;
        StateFixed = stateFixed;
        _enableConditions = enableConditions;
    }

    ~TileGroup() => Free();

    public TileKernel<T> Kernel { get; }

    /// <summary>Tiles per block.</summary>
    public int Count { get; }

    /// <summary>Register-index bits inside a tile (the fixed bits of the buffer layout).</summary>
    public int FixedMask { get; }

    /// <summary>The fixed bits of the state layout, in vector indices relative to a block's base.</summary>
    public long StateFixed { get; }

    /// <summary>The group writes its tiles to the block in the state (a pass's last group), with streaming stores,
    /// instead of to the buffer and a scatter after it.</summary>
    public bool ToState { get; }

    /// <param name="blockQubits">The physical position each buffer bit is written to, for writing the state directly.</param>
    /// <param name="toState">Write tiles to the state where the lanes are its lowest bits and the processor has
    /// streaming stores of this register width (else to the buffer).</param>
    public static TileGroup<T, TVec, TOps> Build(TileSegment segment, int blockBits, int[]? blockQubits = null, bool toState = false)
    {
        var w = TOps.Count;
        var laneBits = BitOperations.Log2((uint)w);
        var registerBits = blockBits - laneBits;
        var tileRegisters = Enumerable.Range(0, registerBits).Where(b => ((segment.RegisterMask >> b) & 1) == 1).ToArray();
        int Local(int registerMask) => (int)Bits.Extract(registerMask, tileRegisters);

        var instructions = new List<TileInstruction>();
        var slots = new List<T[]>();
        var enables = new List<OpCondition>();
        foreach (var op in segment.Ops)
        {
            var condition = op.Condition;
            var laneMask = condition.InnerMask & (w - 1);
            var enable = -1;
            if (condition.OuterMask != 0)
            {
                enable = enables.Count;
                enables.Add(condition);
            }

            var registerMask = Local(condition.InnerMask >> laneBits);
            var registerValue = Local(condition.InnerValue >> laneBits);
            var slot = slots.Count;
            switch (op)
            {
                case SingleQubitOp single when single.Target >= laneBits:
                    instructions.Add(new TileInstruction(
                        TileInstructionKind.RegisterTarget, single.Kind, Array.IndexOf(tileRegisters, single.Target - laneBits), registerMask, registerValue, laneMask != 0, enable, slot));
                    slots.AddRange(RegisterCoefficients(single).Select(Broadcast));
                    break;
                case SingleQubitOp single:
                    instructions.Add(new TileInstruction(
                        TileInstructionKind.LaneTarget, single.Kind, 1 << single.Target, registerMask, registerValue, laneMask != 0, enable, slot));
                    slots.AddRange(LaneCoefficients(single));
                    break;
                case PhaseOp phase:
                    instructions.Add(new TileInstruction(TileInstructionKind.Phase, MatrixKind.Diagonal, 0, registerMask, registerValue, false, enable, slot));
                    slots.AddRange(PhaseCoefficients(phase));
                    break;
                case BitSwapOp swap when swap.High < laneBits:
                    instructions.Add(new TileInstruction(TileInstructionKind.LanePermute, MatrixKind.Exchange, 1 << swap.Low, 0, 0, false, -1, slot, 1 << swap.High));
                    break;
                case BitSwapOp swap when swap.Low < laneBits:
                    instructions.Add(new TileInstruction(
                        TileInstructionKind.LaneSwap, MatrixKind.Exchange, Array.IndexOf(tileRegisters, swap.High - laneBits), 0, 0, false, -1, slot, 1 << swap.Low));
                    slots.Add(LaneMask(new OpCondition(1 << swap.Low, 1 << swap.Low, 0, 0)));
                    break;
                case BitSwapOp swap:
                    instructions.Add(new TileInstruction(
                        TileInstructionKind.RegisterSwap, MatrixKind.Exchange, Array.IndexOf(tileRegisters, swap.Low - laneBits), 0, 0, false, -1, slot,
                        Array.IndexOf(tileRegisters, swap.High - laneBits)));
                    break;
                default:
                    throw new ArgumentException($"a tile group cannot hold {op.GetType().Name}", nameof(segment));
            }

            if (laneMask != 0 && op is SingleQubitOp)
            {
                slots.Add(LaneMask(condition));
            }
        }

        var coefficients = (T*)NativeMemory.AlignedAlloc((nuint)(Math.Max(1, slots.Count) * w * sizeof(T)), 64);
        for (var s = 0; s < slots.Count; s++)
        {
            slots[s].AsSpan().CopyTo(new Span<T>(coefficients + (s * w), w));
        }

        var tileBits = tileRegisters.Length;
        var offsets = (long*)NativeMemory.AlignedAlloc((nuint)(sizeof(long) << tileBits), 64);
        for (var j = 0; j < 1 << tileBits; j++)
        {
            offsets[j] = Bits.Deposit(j, tileRegisters) * w * sizeof(T);
        }

        // In the state, buffer bit b is physical bit blockQubits[b]; with the lanes at the lowest physical bits a vector
        // index of the buffer maps to one of the state, and tiles are taken in the same order in both.
        long* stateOffsets = null;
        var stateFixed = 0L;
        // Tiles are taken in increasing order in both layouts, so the state's positions must increase with the buffer
        // bits (no reordering on the way out), and the lanes must be the lowest physical bits.
        toState &= blockQubits is not null && blockQubits.Take(laneBits).SequenceEqual(Enumerable.Range(0, laneBits))
            && blockQubits.Zip(blockQubits.Skip(1)).All(p => p.First < p.Second) && TileKernelEmitter<T, TVec, TOps>.Streams;
        if (toState)
        {
            var physical = blockQubits![laneBits..].Select(q => q - laneBits).ToArray();
            stateOffsets = (long*)NativeMemory.AlignedAlloc((nuint)(sizeof(long) << tileBits), 64);
            for (var j = 0; j < 1 << tileBits; j++)
            {
                stateOffsets[j] = Bits.Deposit(Bits.Deposit(j, tileRegisters), physical) * w * sizeof(T);
            }

            var free = Enumerable.Range(0, registerBits).Where(b => ((segment.RegisterMask >> b) & 1) == 0).ToArray();
            stateFixed = ~Bits.Deposit((1L << free.Length) - 1, [.. free.Select(b => physical[b])]);
        }

        var kernel = TileKernelEmitter<T, TVec, TOps>.Get(tileBits, [.. instructions], stream: toState);
        return new TileGroup<T, TVec, TOps>(
            kernel, coefficients, offsets, stateOffsets, toState, 1 << (registerBits - tileBits), segment.RegisterMask, stateFixed, [.. enables]);
    }

    /// <summary>Runs the group on one block in the buffer; <paramref name="scale"/> (when not null) multiplies every
    /// amplitude before the tiles are stored.</summary>
    public void Run(T* re, T* im, long blockBase, Complex? scale) => Run(re, im, re, im, blockBase, scale);

    /// <summary>Runs the group on one block of the buffer, writing the result to the buffer or, where
    /// <see cref="ToState"/>, to the block in the state (<paramref name="stateRe"/>, at the block's base).</summary>
    public void Run(T* stateRe, T* stateIm, T* bufferRe, T* bufferIm, long blockBase, Complex? scale)
    {
        var enabled = 0;
        for (var e = 0; e < _enableConditions.Length; e++)
        {
            if (_enableConditions[e].HoldsFor(blockBase))
            {
                enabled |= 1 << e;
            }
        }

        var factor = scale ?? Complex.One;
        Kernel(
            (nint)bufferRe, (nint)bufferIm, (nint)_offsets, FixedMask,
            (nint)(ToState ? stateRe : bufferRe), (nint)(ToState ? stateIm : bufferIm), (nint)(ToState ? _stateOffsets : _offsets),
            ToState ? StateFixed : FixedMask,
            (nint)_coefficients, Count, enabled, T.CreateTruncating(factor.Real), T.CreateTruncating(factor.Imaginary), scale is null ? 0 : 1);
    }

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private void Free()
    {
        NativeMemory.AlignedFree(_coefficients);
        NativeMemory.AlignedFree(_offsets);
        NativeMemory.AlignedFree(_stateOffsets);
        _coefficients = null;
        _offsets = null;
        _stateOffsets = null;
    }

    private static double[] RegisterCoefficients(SingleQubitOp op) => op.Kind switch
    {
        MatrixKind.Exchange => [],
        MatrixKind.ShearReal => [op.M01.Real, op.M10.Real],
        MatrixKind.AntiShearReal => [op.M00.Real, op.M11.Real],
        MatrixKind.Real => [op.M00.Real, op.M01.Real, op.M10.Real, op.M11.Real],
        MatrixKind.ShearImaginary => [op.M01.Imaginary, -op.M01.Imaginary, op.M10.Imaginary, -op.M10.Imaginary],
        MatrixKind.AntiShearImaginary => [op.M00.Imaginary, -op.M00.Imaginary, op.M11.Imaginary, -op.M11.Imaginary],
        MatrixKind.RealDiagonalImaginaryOff => [op.M00.Real, op.M01.Imaginary, -op.M01.Imaginary, op.M10.Imaginary, -op.M10.Imaginary, op.M11.Real],
        MatrixKind.Diagonal => [op.M00.Real, op.M00.Imaginary, -op.M00.Imaginary, op.M11.Real, op.M11.Imaginary, -op.M11.Imaginary],
        _ =>
        [
            op.M00.Real, op.M00.Imaginary, -op.M00.Imaginary, op.M01.Real, op.M01.Imaginary, -op.M01.Imaginary,
            op.M10.Real, op.M10.Imaginary, -op.M10.Imaginary, op.M11.Real, op.M11.Imaginary, -op.M11.Imaginary,
        ],
    };

    private static T[] Broadcast(double value)
    {
        var lanes = new T[TOps.Count];
        Array.Fill(lanes, T.CreateTruncating(value));
        return lanes;
    }

    /// <summary>A and B per lane (lane l with the target bit clear: A = m00, B = m01; set: A = m11, B = m10) as
    /// (ar, ai, -ai, br, bi, -bi).</summary>
    private static T[][] LaneCoefficients(SingleQubitOp op)
    {
        var w = TOps.Count;
        var vectors = Enumerable.Range(0, TileInstruction.LaneSlots).Select(_ => new T[w]).ToArray();
        for (var l = 0; l < w; l++)
        {
            var one = ((l >> op.Target) & 1) == 1;
            var a = one ? op.M11 : op.M00;
            var b = one ? op.M10 : op.M01;
            vectors[0][l] = T.CreateTruncating(a.Real);
            vectors[1][l] = T.CreateTruncating(a.Imaginary);
            vectors[2][l] = T.CreateTruncating(-a.Imaginary);
            vectors[3][l] = T.CreateTruncating(b.Real);
            vectors[4][l] = T.CreateTruncating(b.Imaginary);
            vectors[5][l] = T.CreateTruncating(-b.Imaginary);
        }

        return vectors;
    }

    /// <summary>The factor in lanes that meet the condition's lane bits, 1 elsewhere, as (re, im, -im).</summary>
    private static T[][] PhaseCoefficients(PhaseOp op)
    {
        var w = TOps.Count;
        var laneMask = op.Condition.InnerMask & (w - 1);
        var vectors = Enumerable.Range(0, TileInstruction.PhaseSlots).Select(_ => new T[w]).ToArray();
        for (var l = 0; l < w; l++)
        {
            var f = (l & laneMask) == (op.Condition.InnerValue & laneMask) ? op.Factor : Complex.One;
            vectors[0][l] = T.CreateTruncating(f.Real);
            vectors[1][l] = T.CreateTruncating(f.Imaginary);
            vectors[2][l] = T.CreateTruncating(-f.Imaginary);
        }

        return vectors;
    }

    private static T[] LaneMask(OpCondition condition)
    {
        var w = TOps.Count;
        var lanes = new T[w];
        var laneMask = condition.InnerMask & (w - 1);
        for (var l = 0; l < w; l++)
        {
            MemoryMarshal.AsBytes(lanes.AsSpan(l, 1)).Fill((l & laneMask) == (condition.InnerValue & laneMask) ? (byte)0xFF : (byte)0);
        }

        return lanes;
    }
}
