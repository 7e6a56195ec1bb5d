using System.Collections.Concurrent;
using System.Numerics;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.Intrinsics;
using System.Text;
using Qxm.Simulation.StateVector.Engine.Vectors;

namespace Qxm.Simulation.StateVector.Engine.Tiles;

/// <summary>Applies a group's operations to the tiles of one block, reading each tile from a source layout and writing
/// it to a destination layout (the block buffer, or the state itself for a pass's first and last group): (srcRe, srcIm,
/// srcOffsets, srcFixed, dstRe, dstIm, dstOffsets, dstFixed, coefficients, count, enabled, scaleRe, scaleIm, applyScale).
/// A layout's tiles start at vector indices with its fixed bits clear, taken in increasing order; its offsets hold the
/// byte offset of each of the tile's registers.</summary>
internal delegate void TileKernel<T>(
    nint srcRe, nint srcIm, nint srcOffsets, long srcFixed, nint dstRe, nint dstIm, nint dstOffsets, long dstFixed,
    nint coefficients, int count, int enabled, T scaleRe, T scaleIm, int applyScale);

/// <summary>Generates one straight-line kernel per group shape: the tile's 2^R registers per part are loaded into
/// locals, every operation of the group is written out against them (the JIT keeps them in registers), and they are
/// stored once. Exchanges (x, cx) that hold on every block rename locals and cost nothing. Matrix entries are read from
/// the coefficient area as memory operands, so a kernel depends only on the shape and is compiled once per process for
/// each shape (the JIT costs about a millisecond per kernel). Vector operations are the System.Runtime.Intrinsics
/// methods themselves, which the JIT expands in a dynamic method (it inlines no ordinary method there); where the
/// processor lacks a fused multiply-add at the width, a multiply and an add.</summary>
internal static class TileKernelEmitter<T, TVec, TOps>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TVec : struct
    where TOps : struct, IVectorOps<TVec, T>
{
    private static readonly ConcurrentDictionary<string, TileKernel<T>> Kernels = new();

    // The System.Runtime.Intrinsics methods themselves: the JIT expands them at import, whereas it does not inline
    // ordinary (even aggressively inlined) methods into a dynamic method.
    private static readonly Type VectorClass = VectorClassOf(typeof(TVec));
    private static readonly Type IndexType = typeof(T) == typeof(double) ? typeof(long) : typeof(int);
    private static readonly MethodInfo MultiplyMethod = typeof(TVec).GetMethod("op_Multiply", [typeof(TVec), typeof(TVec)])
        ?? throw new InvalidOperationException($"{typeof(TVec).Name} has no multiply");
    private static readonly MethodInfo? MultiplyAddMethod = TOps.FusedInHardware ? Exact("FusedMultiplyAdd", typeof(TVec), typeof(TVec), typeof(TVec)) : null;
    private static readonly MethodInfo AddMethod = typeof(TVec).GetMethod("op_Addition", [typeof(TVec), typeof(TVec)])
        ?? throw new InvalidOperationException($"{typeof(TVec).Name} has no addition");
    private static readonly MethodInfo SelectMethod = Generic("ConditionalSelect", 3);
    private static readonly MethodInfo NegateMethod = typeof(TVec).GetMethod("op_UnaryNegation", [typeof(TVec)])
        ?? throw new InvalidOperationException($"{typeof(TVec).Name} has no negation");
    private static readonly MethodInfo? MultiplySubtractMethod = FindMultiplySubtract();
    private static readonly MethodInfo BroadcastMethod = Exact("Create", typeof(T));
    private static readonly MethodInfo IndexVectorMethod = Exact("Create", [.. Enumerable.Repeat(IndexType, TOps.Count)]);
    private static readonly MethodInfo ShuffleMethod = Exact("Shuffle", typeof(TVec), IndexVectorMethod.ReturnType);

    private static readonly MethodInfo? StreamMethod = System.Runtime.Intrinsics.X86.Avx512F.IsSupported && typeof(TVec) == typeof(Vector512<T>)
        ? typeof(System.Runtime.Intrinsics.X86.Avx512F).GetMethod("StoreAlignedNonTemporal", [typeof(T).MakePointerType(), typeof(TVec)])
        : null;

    /// <param name="stream">Store past the caches (the state, written by a pass's last group, is not read again in the
    /// pass), which also spares the read a normal store of a line not in cache costs.</param>
    public static TileKernel<T> Get(int tileBits, TileInstruction[] instructions, bool stream = false)
    {
        stream &= StreamMethod is not null;
        var key = Key(tileBits, instructions, stream);
        return Kernels.GetOrAdd(key, _ => Emit(tileBits, instructions, stream));
    }

    private static string Key(int tileBits, TileInstruction[] instructions, bool stream)
    {
        var key = new StringBuilder().Append(tileBits).Append(stream ? 's' : 'n');
        foreach (var i in instructions)
        {
            key.Append(';').Append((int)i.Op).Append(',').Append((int)i.Kind).Append(',').Append(i.Target).Append(',')
                .Append(i.RegisterMask).Append(',').Append(i.RegisterValue).Append(',').Append(i.LaneMasked ? 1 : 0).Append(',')
                .Append(i.Enable).Append(',').Append(i.Slot).Append(',').Append(i.Partner);
        }

        return key.ToString();
    }

    /// <summary>Whether kernels can store past the caches for this register type (AVX-512).</summary>
    public static bool Streams => StreamMethod is not null;

    /// <summary>Whether kernels can be generated for this register type (the 128-, 256- and 512-bit vectors).</summary>
    public static bool Supported => typeof(TVec).IsGenericType;

    private static Type VectorClassOf(Type vector)
    {
        if (!vector.IsGenericType)
        {
            return typeof(object);
        }

        var definition = vector.GetGenericTypeDefinition();
        return definition == typeof(Vector512<>) ? typeof(Vector512)
            : definition == typeof(Vector256<>) ? typeof(Vector256)
            : typeof(Vector128);
    }

    /// <summary>x86's fused a × b − c for this register type, where the processor has it.</summary>
    private static MethodInfo? FindMultiplySubtract()
    {
        if (!TOps.FusedInHardware)
        {
            return null;
        }

        Type[] operands = [typeof(TVec), typeof(TVec), typeof(TVec)];
        var (isa, name) = VectorClass == typeof(Vector512)
            ? (typeof(System.Runtime.Intrinsics.X86.Avx512F), "FusedMultiplySubtract")
            : (typeof(System.Runtime.Intrinsics.X86.Fma), "MultiplySubtract");
        var supported = isa == typeof(System.Runtime.Intrinsics.X86.Avx512F)
            ? System.Runtime.Intrinsics.X86.Avx512F.IsSupported
            : System.Runtime.Intrinsics.X86.Fma.IsSupported;
        return supported && VectorClass != typeof(object) ? isa.GetMethod(name, BindingFlags.Public | BindingFlags.Static, operands) : null;
    }

    private static MethodInfo Generic(string name, int parameters) =>
        VectorClass.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .First(m => m.Name == name && m.IsGenericMethodDefinition && m.GetParameters().Length == parameters)
            .MakeGenericMethod(typeof(T));

    private static MethodInfo Exact(string name, params Type[] parameters) =>
        VectorClass.GetMethod(name, BindingFlags.Public | BindingFlags.Static, parameters)
        ?? throw new InvalidOperationException($"{VectorClass.Name} has no {name}({string.Join(", ", parameters.Select(p => p.Name))})");

    private static unsafe TileKernel<T> Emit(int tileBits, TileInstruction[] instructions, bool stream)
    {
        var method = new DynamicMethod(
            $"Tile{tileBits}x{instructions.Length}{(stream ? "s" : "")}",
            typeof(void),
            [
                typeof(nint), typeof(nint), typeof(nint), typeof(long), typeof(nint), typeof(nint), typeof(nint), typeof(long),
                typeof(nint), typeof(int), typeof(int), typeof(T), typeof(T), typeof(int),
            ],
            typeof(TOps),
            skipVisibility: true);
        var il = method.GetILGenerator();
        new Writer(il, tileBits, sizeof(T) * TOps.Count).Write(instructions, stream);
        return method.CreateDelegate<TileKernel<T>>();
    }

    private sealed class Writer(ILGenerator il, int tileBits, int vectorBytes)
    {
        private const short ArgSrcRe = 0;
        private const short ArgSrcIm = 1;
        private const short ArgSrcOffsets = 2;
        private const short ArgSrcFixed = 3;
        private const short ArgDstRe = 4;
        private const short ArgDstIm = 5;
        private const short ArgDstOffsets = 6;
        private const short ArgDstFixed = 7;
        private const short ArgCoefficients = 8;
        private const short ArgCount = 9;
        private const short ArgEnabled = 10;
        private const short ArgScaleRe = 11;
        private const short ArgScaleIm = 12;
        private const short ArgApplyScale = 13;

        private readonly int _registers = 1 << tileBits;
        private readonly Stack<LocalBuilder> _free = new();
        private readonly HashSet<LocalBuilder> _freeSet = [];
        private readonly List<LocalBuilder> _operationLocals = [];
        private LocalBuilder[] _re = [];
        private LocalBuilder[] _im = [];

        public void Write(TileInstruction[] instructions, bool stream)
        {
            var srcOffsets = Offsets(ArgSrcOffsets);
            var dstOffsets = Offsets(ArgDstOffsets);
            var xs = il.DeclareLocal(typeof(long));
            var xd = il.DeclareLocal(typeof(long));
            var c = il.DeclareLocal(typeof(int));
            var pr = il.DeclareLocal(typeof(nint));
            var pi = il.DeclareLocal(typeof(nint));
            il.Emit(OpCodes.Ldc_I8, 0L);
            il.Emit(OpCodes.Stloc, xs);
            il.Emit(OpCodes.Ldc_I8, 0L);
            il.Emit(OpCodes.Stloc, xd);
            il.Emit(OpCodes.Ldc_I4_0);
            il.Emit(OpCodes.Stloc, c);
            var loop = il.DefineLabel();
            var end = il.DefineLabel();
            il.Emit(OpCodes.Ldarg, ArgCount);
            il.Emit(OpCodes.Ldc_I4_0);
            il.Emit(OpCodes.Ble, end);
            il.MarkLabel(loop);

            // pr = srcRe + xs * vectorBytes; pi likewise.
            Address(ArgSrcRe, xs, pr);
            Address(ArgSrcIm, xs, pi);
            _re = new LocalBuilder[_registers];
            _im = new LocalBuilder[_registers];
            for (var j = 0; j < _registers; j++)
            {
                _re[j] = Fresh();
                _im[j] = Fresh();
                LoadState(pr, srcOffsets[j], _re[j]);
                LoadState(pi, srcOffsets[j], _im[j]);
            }

            foreach (var instruction in instructions)
            {
                WriteInstruction(instruction);
            }

            WriteScale();
            Address(ArgDstRe, xd, pr);
            Address(ArgDstIm, xd, pi);
            for (var j = 0; j < _registers; j++)
            {
                StoreState(pr, dstOffsets[j], _re[j], stream);
                StoreState(pi, dstOffsets[j], _im[j], stream);
                Release(_re[j]);
                Release(_im[j]);
            }

            Advance(xs, ArgSrcFixed);
            Advance(xd, ArgDstFixed);
            il.Emit(OpCodes.Ldloc, c);
            il.Emit(OpCodes.Ldc_I4_1);
            il.Emit(OpCodes.Add);
            il.Emit(OpCodes.Dup);
            il.Emit(OpCodes.Stloc, c);
            il.Emit(OpCodes.Ldarg, ArgCount);
            il.Emit(OpCodes.Blt, loop);
            il.MarkLabel(end);
            il.Emit(OpCodes.Ret);
        }

        private LocalBuilder[] Offsets(short arg)
        {
            var offsets = new LocalBuilder[_registers];
            for (var j = 0; j < _registers; j++)
            {
                offsets[j] = il.DeclareLocal(typeof(nint));
                il.Emit(OpCodes.Ldarg, arg);
                il.Emit(OpCodes.Ldc_I4, j * sizeof(long));
                il.Emit(OpCodes.Add);
                il.Emit(OpCodes.Ldind_I8);
                il.Emit(OpCodes.Conv_I);
                il.Emit(OpCodes.Stloc, offsets[j]);
            }

            return offsets;
        }

        /// <summary>x = ((x | fixed) + 1) & ~fixed: the next index with the fixed bits clear.</summary>
        private void Advance(LocalBuilder x, short fixedArg)
        {
            il.Emit(OpCodes.Ldloc, x);
            il.Emit(OpCodes.Ldarg, fixedArg);
            il.Emit(OpCodes.Or);
            il.Emit(OpCodes.Ldc_I8, 1L);
            il.Emit(OpCodes.Add);
            il.Emit(OpCodes.Ldarg, fixedArg);
            il.Emit(OpCodes.Not);
            il.Emit(OpCodes.And);
            il.Emit(OpCodes.Stloc, x);
        }

        private void Address(short arg, LocalBuilder x, LocalBuilder destination)
        {
            il.Emit(OpCodes.Ldarg, arg);
            il.Emit(OpCodes.Ldloc, x);
            il.Emit(OpCodes.Conv_I);
            il.Emit(OpCodes.Ldc_I4, vectorBytes);
            il.Emit(OpCodes.Conv_I);
            il.Emit(OpCodes.Mul);
            il.Emit(OpCodes.Add);
            il.Emit(OpCodes.Stloc, destination);
        }

        private void LoadState(LocalBuilder pointer, LocalBuilder offset, LocalBuilder destination)
        {
            il.Emit(OpCodes.Ldloc, pointer);
            il.Emit(OpCodes.Ldloc, offset);
            il.Emit(OpCodes.Add);
            il.Emit(OpCodes.Ldobj, typeof(TVec));
            il.Emit(OpCodes.Stloc, destination);
        }

        private void StoreState(LocalBuilder pointer, LocalBuilder offset, LocalBuilder value, bool stream)
        {
            il.Emit(OpCodes.Ldloc, pointer);
            il.Emit(OpCodes.Ldloc, offset);
            il.Emit(OpCodes.Add);
            il.Emit(OpCodes.Ldloc, value);
            if (stream)
            {
                il.Emit(OpCodes.Call, StreamMethod!);
            }
            else
            {
                il.Emit(OpCodes.Stobj, typeof(TVec));
            }
        }

        /// <summary>A local no live value uses. Within one operation no local is handed out twice (an operation's
        /// temporaries return to the pool only when it ends), so a value is never overwritten while still needed.</summary>
        private LocalBuilder Fresh()
        {
            LocalBuilder local;
            if (_free.Count == 0)
            {
                local = il.DeclareLocal(typeof(TVec));
            }
            else
            {
                local = _free.Pop();
                _freeSet.Remove(local);
            }

            _operationLocals.Add(local);
            return local;
        }

        /// <summary>Returns a local to the pool once, however many paths release it.</summary>
        private void Release(LocalBuilder local)
        {
            if (_freeSet.Add(local))
            {
                _free.Push(local);
            }
        }

        private void WriteInstruction(TileInstruction instruction)
        {
            var skip = il.DefineLabel();
            var conditional = instruction.Enable >= 0;
            if (conditional)
            {
                il.Emit(OpCodes.Ldarg, ArgEnabled);
                il.Emit(OpCodes.Ldc_I4, 1 << instruction.Enable);
                il.Emit(OpCodes.And);
                il.Emit(OpCodes.Brfalse, skip);
            }

            // Every new value goes to a fresh local; unconditional updates then rename, conditional ones copy back so
            // that both paths leave the values in the same locals.
            _operationLocals.Clear();
            var updates = new List<(LocalBuilder[] Part, int Register, LocalBuilder Value)>();
            var s = instruction.Slot;
            switch (instruction.Op)
            {
                case TileInstructionKind.RegisterTarget:
                {
                    var bit = 1 << instruction.Target;
                    for (var j = 0; j < _registers; j++)
                    {
                        if ((j & bit) != 0 || (j & instruction.RegisterMask) != instruction.RegisterValue)
                        {
                            continue;
                        }

                        var k = j | bit;
                        if (instruction.Kind == MatrixKind.Exchange && !instruction.LaneMasked && !conditional)
                        {
                            (_re[j], _re[k]) = (_re[k], _re[j]);
                            (_im[j], _im[k]) = (_im[k], _im[j]);
                            continue;
                        }

                        var (nr0, ni0, nr1, ni1) = RegisterPair(instruction.Kind, s, _re[j], _im[j], _re[k], _im[k]);
                        if (instruction.LaneMasked)
                        {
                            var mask = s + TileInstruction.RegisterSlots(instruction.Kind);
                            nr0 = Blend(mask, nr0, _re[j]);
                            ni0 = Blend(mask, ni0, _im[j]);
                            nr1 = Blend(mask, nr1, _re[k]);
                            ni1 = Blend(mask, ni1, _im[k]);
                        }

                        updates.Add((_re, j, nr0));
                        updates.Add((_im, j, ni0));
                        updates.Add((_re, k, nr1));
                        updates.Add((_im, k, ni1));
                    }

                    break;
                }

                case TileInstructionKind.RegisterSwap:
                {
                    // Registers whose two bits differ trade places: a renaming.
                    var (a, b) = (1 << instruction.Target, 1 << instruction.Partner);
                    for (var j = 0; j < _registers; j++)
                    {
                        if ((j & a) != 0 && (j & b) == 0)
                        {
                            var k = j ^ a ^ b;
                            (_re[j], _re[k]) = (_re[k], _re[j]);
                            (_im[j], _im[k]) = (_im[k], _im[j]);
                        }
                    }

                    break;
                }

                case TileInstructionKind.LanePermute:
                {
                    var (a, b) = (instruction.Target, instruction.Partner);
                    for (var j = 0; j < _registers; j++)
                    {
                        foreach (var part in new[] { _re, _im })
                        {
                            updates.Add((part, j, Permute(part[j], lane => ((lane & a) == 0) == ((lane & b) == 0) ? lane : lane ^ a ^ b)));
                        }
                    }

                    break;
                }

                case TileInstructionKind.LaneSwap:
                {
                    // Register j (register bit clear) keeps its lanes with the lane bit clear and takes, in the others,
                    // register k's lanes with the lane bit clear; k the converse. The mask slot marks lanes with the bit set.
                    var bit = 1 << instruction.Target;
                    for (var j = 0; j < _registers; j++)
                    {
                        if ((j & bit) != 0)
                        {
                            continue;
                        }

                        var k = j | bit;
                        foreach (var part in new[] { _re, _im })
                        {
                            var shiftedJ = Swap(part[j], instruction.Partner);
                            var shiftedK = Swap(part[k], instruction.Partner);
                            updates.Add((part, j, Blend(s, shiftedK, part[j])));
                            updates.Add((part, k, Blend(s, part[k], shiftedJ)));
                        }
                    }

                    break;
                }

                case TileInstructionKind.LaneTarget:
                    for (var j = 0; j < _registers; j++)
                    {
                        if ((j & instruction.RegisterMask) != instruction.RegisterValue)
                        {
                            continue;
                        }

                        var (nr, ni) = LaneTarget(instruction.Kind, instruction.Target, s, _re[j], _im[j]);
                        if (instruction.LaneMasked)
                        {
                            nr = Blend(s + TileInstruction.LaneSlots, nr, _re[j]);
                            ni = Blend(s + TileInstruction.LaneSlots, ni, _im[j]);
                        }

                        updates.Add((_re, j, nr));
                        updates.Add((_im, j, ni));
                    }

                    break;
                default:
                    for (var j = 0; j < _registers; j++)
                    {
                        if ((j & instruction.RegisterMask) != instruction.RegisterValue)
                        {
                            continue;
                        }

                        var (nr, ni) = ComplexMultiply(_re[j], _im[j], s, s + 1, s + 2);
                        updates.Add((_re, j, nr));
                        updates.Add((_im, j, ni));
                    }

                    break;
            }

            var kept = new HashSet<LocalBuilder>();
            foreach (var (part, register, value) in updates)
            {
                if (conditional)
                {
                    il.Emit(OpCodes.Ldloc, value);
                    il.Emit(OpCodes.Stloc, part[register]);
                }
                else
                {
                    Release(part[register]);
                    part[register] = value;
                    kept.Add(value);
                }
            }

            foreach (var local in _operationLocals)
            {
                if (!kept.Contains(local))
                {
                    Release(local);
                }
            }

            il.MarkLabel(skip);
        }

        private (LocalBuilder, LocalBuilder, LocalBuilder, LocalBuilder) RegisterPair(
            MatrixKind kind, int s, LocalBuilder r0, LocalBuilder i0, LocalBuilder r1, LocalBuilder i1)
        {
            switch (kind)
            {
                case MatrixKind.Exchange:
                    return (Copy(r1), Copy(i1), Copy(r0), Copy(i0));
                case MatrixKind.ShearReal:
                    // [[1, b], [c, 1]]: slots b, c
                    return (Fma(r1, s, r0), Fma(i1, s, i0), Fma(r0, s + 1, r1), Fma(i0, s + 1, i1));
                case MatrixKind.AntiShearReal:
                    // [[a, -1], [1, d]]: slots a, d
                    return (Fms(r0, s, r1), Fms(i0, s, i1), Fma(r1, s + 1, r0), Fma(i1, s + 1, i0));
                case MatrixKind.Real:
                    // slots a, b, c, d
                    return (Fma(r1, s + 1, Mul(r0, s)), Fma(i1, s + 1, Mul(i0, s)), Fma(r1, s + 3, Mul(r0, s + 2)), Fma(i1, s + 3, Mul(i0, s + 2)));
                case MatrixKind.ShearImaginary:
                    // [[1, ib], [ic, 1]]: slots b, -b, c, -c
                    return (Fma(i1, s + 1, r0), Fma(r1, s, i0), Fma(i0, s + 3, r1), Fma(r0, s + 2, i1));
                case MatrixKind.AntiShearImaginary:
                    // [[ia, 1], [1, id]]: slots a, -a, d, -d
                    return (Fma(i0, s + 1, r1), Fma(r0, s, i1), Fma(i1, s + 3, r0), Fma(r1, s + 2, i0));
                case MatrixKind.RealDiagonalImaginaryOff:
                    // [[a, ib], [ic, d]]: slots a, b, -b, c, -c, d
                    return (Fma(i1, s + 2, Mul(r0, s)), Fma(r1, s + 1, Mul(i0, s)), Fma(i0, s + 4, Mul(r1, s + 5)), Fma(r0, s + 3, Mul(i1, s + 5)));
                case MatrixKind.Diagonal:
                {
                    // slots ar, ai, -ai, dr, di, -di
                    var (nr0, ni0) = ComplexMultiply(r0, i0, s, s + 1, s + 2);
                    var (nr1, ni1) = ComplexMultiply(r1, i1, s + 3, s + 4, s + 5);
                    return (nr0, ni0, nr1, ni1);
                }

                default:
                    // slots m00 (r, i, -i), m01, m10, m11
                    return (
                        Fma(i1, s + 5, Fma(r1, s + 3, Fma(i0, s + 2, Mul(r0, s)))),
                        Fma(r1, s + 4, Fma(i1, s + 3, Fma(r0, s + 1, Mul(i0, s)))),
                        Fma(i1, s + 11, Fma(r1, s + 9, Fma(i0, s + 8, Mul(r0, s + 6)))),
                        Fma(r1, s + 10, Fma(i1, s + 9, Fma(r0, s + 7, Mul(i0, s + 6)))));
            }
        }

        /// <summary>Output lane l is A[l]·v[l] + B[l]·v[l XOR stride], A and B per lane in slots (ar, ai, -ai, br, bi, -bi).</summary>
        private (LocalBuilder, LocalBuilder) LaneTarget(MatrixKind kind, int stride, int s, LocalBuilder r, LocalBuilder m)
        {
            if (kind == MatrixKind.Diagonal)
            {
                return ComplexMultiply(r, m, s, s + 1, s + 2);
            }

            var pr = Swap(r, stride);
            var pm = Swap(m, stride);
            var result = kind switch
            {
                MatrixKind.Exchange => (pr, pm),
                MatrixKind.ShearReal => (Fma(pr, s + 3, r), Fma(pm, s + 3, m)),
                MatrixKind.ShearImaginary => (Fma(pm, s + 5, r), Fma(pr, s + 4, m)),
                MatrixKind.AntiShearImaginary => (Fma(m, s + 2, pr), Fma(r, s + 1, pm)),
                MatrixKind.Real => (Fma(pr, s + 3, Mul(r, s)), Fma(pm, s + 3, Mul(m, s))),
                MatrixKind.RealDiagonalImaginaryOff => (Fma(pm, s + 5, Mul(r, s)), Fma(pr, s + 4, Mul(m, s))),
                _ => (Fma(pm, s + 5, Fma(pr, s + 3, Fma(m, s + 2, Mul(r, s)))), Fma(pr, s + 4, Fma(pm, s + 3, Fma(r, s + 1, Mul(m, s))))),
            };
            return result;
        }

        /// <summary>(r + i·m)·(fr + i·fi) from slots fr, fi, -fi.</summary>
        private (LocalBuilder, LocalBuilder) ComplexMultiply(LocalBuilder r, LocalBuilder m, int fr, int fi, int nfi) =>
            (Fma(m, nfi, Mul(r, fr)), Fma(r, fi, Mul(m, fr)));

        private void Coefficient(int slot)
        {
            il.Emit(OpCodes.Ldarg, ArgCoefficients);
            il.Emit(OpCodes.Ldc_I4, slot * vectorBytes);
            il.Emit(OpCodes.Conv_I);
            il.Emit(OpCodes.Add);
            il.Emit(OpCodes.Ldobj, typeof(TVec));
        }

        private LocalBuilder Mul(LocalBuilder a, int slot)
        {
            var result = Fresh();
            il.Emit(OpCodes.Ldloc, a);
            Coefficient(slot);
            il.Emit(OpCodes.Call, MultiplyMethod);
            il.Emit(OpCodes.Stloc, result);
            return result;
        }

        /// <summary>a × coefficient + c.</summary>
        private LocalBuilder Fma(LocalBuilder a, int slot, LocalBuilder c)
        {
            var result = Fresh();
            MultiplyAdd(() => il.Emit(OpCodes.Ldloc, a), () => Coefficient(slot), () => il.Emit(OpCodes.Ldloc, c));
            il.Emit(OpCodes.Stloc, result);
            return result;
        }

        /// <summary>a × coefficient − c: one fused instruction where the processor has it, else a negation and a
        /// multiply-add.</summary>
        private LocalBuilder Fms(LocalBuilder a, int slot, LocalBuilder c)
        {
            var result = Fresh();
            if (MultiplySubtractMethod is { } fused)
            {
                il.Emit(OpCodes.Ldloc, a);
                Coefficient(slot);
                il.Emit(OpCodes.Ldloc, c);
                il.Emit(OpCodes.Call, fused);
            }
            else
            {
                MultiplyAdd(() => il.Emit(OpCodes.Ldloc, a), () => Coefficient(slot), () =>
                {
                    il.Emit(OpCodes.Ldloc, c);
                    il.Emit(OpCodes.Call, NegateMethod);
                });
            }

            il.Emit(OpCodes.Stloc, result);
            return result;
        }

        /// <summary>Pushes a × b + c: fused where the processor fuses it, else a multiply and an add (the fused form in
        /// software runs lane by lane, orders of magnitude slower).</summary>
        private void MultiplyAdd(Action pushA, Action pushB, Action pushC)
        {
            pushA();
            pushB();
            if (MultiplyAddMethod is { } fused)
            {
                pushC();
                il.Emit(OpCodes.Call, fused);
            }
            else
            {
                il.Emit(OpCodes.Call, MultiplyMethod);
                pushC();
                il.Emit(OpCodes.Call, AddMethod);
            }
        }

        private LocalBuilder Copy(LocalBuilder value)
        {
            var result = Fresh();
            il.Emit(OpCodes.Ldloc, value);
            il.Emit(OpCodes.Stloc, result);
            return result;
        }

        /// <summary>Lane i takes lane i XOR stride.</summary>
        private LocalBuilder Swap(LocalBuilder value, int stride) => Permute(value, lane => lane ^ stride);

        /// <summary>Lane i takes lane source(i): a constant index vector, which the JIT turns into one shuffle.</summary>
        private LocalBuilder Permute(LocalBuilder value, Func<int, int> source)
        {
            var result = Fresh();
            il.Emit(OpCodes.Ldloc, value);
            for (var lane = 0; lane < TOps.Count; lane++)
            {
                if (IndexType == typeof(long))
                {
                    il.Emit(OpCodes.Ldc_I8, (long)source(lane));
                }
                else
                {
                    il.Emit(OpCodes.Ldc_I4, source(lane));
                }
            }

            il.Emit(OpCodes.Call, IndexVectorMethod);
            il.Emit(OpCodes.Call, ShuffleMethod);
            il.Emit(OpCodes.Stloc, result);
            return result;
        }

        /// <summary>Lanes set in the mask slot take <paramref name="updated"/>, the others keep <paramref name="old"/>.</summary>
        private LocalBuilder Blend(int maskSlot, LocalBuilder updated, LocalBuilder old)
        {
            var result = Fresh();
            Coefficient(maskSlot);
            il.Emit(OpCodes.Ldloc, updated);
            il.Emit(OpCodes.Ldloc, old);
            il.Emit(OpCodes.Call, SelectMethod);
            il.Emit(OpCodes.Stloc, result);
            return result;
        }

        /// <summary>The block's factor (whole-block phases and rotation scalars), applied before the tile is stored
        /// when the caller asks for it.</summary>
        private void WriteScale()
        {
            var skip = il.DefineLabel();
            il.Emit(OpCodes.Ldarg, ArgApplyScale);
            il.Emit(OpCodes.Brfalse, skip);
            var fr = Broadcast(() => il.Emit(OpCodes.Ldarg, ArgScaleRe));
            var fi = Broadcast(() => il.Emit(OpCodes.Ldarg, ArgScaleIm));
            var nfi = Broadcast(() =>
            {
                il.Emit(OpCodes.Ldarg, ArgScaleIm);
                il.Emit(OpCodes.Neg);
            });
            for (var j = 0; j < _registers; j++)
            {
                // r' = r·fr − m·fi, m' = r·fi + m·fr
                var nr = Fresh();
                var (re, im) = (_re[j], _im[j]);
                MultiplyAdd(() => il.Emit(OpCodes.Ldloc, im), () => il.Emit(OpCodes.Ldloc, nfi), () =>
                {
                    il.Emit(OpCodes.Ldloc, re);
                    il.Emit(OpCodes.Ldloc, fr);
                    il.Emit(OpCodes.Call, MultiplyMethod);
                });
                il.Emit(OpCodes.Stloc, nr);
                MultiplyAdd(() => il.Emit(OpCodes.Ldloc, re), () => il.Emit(OpCodes.Ldloc, fi), () =>
                {
                    il.Emit(OpCodes.Ldloc, im);
                    il.Emit(OpCodes.Ldloc, fr);
                    il.Emit(OpCodes.Call, MultiplyMethod);
                });
                il.Emit(OpCodes.Stloc, _im[j]);
                il.Emit(OpCodes.Ldloc, nr);
                il.Emit(OpCodes.Stloc, _re[j]);
                Release(nr);
            }

            il.MarkLabel(skip);
        }

        private LocalBuilder Broadcast(Action pushScalar)
        {
            var result = il.DeclareLocal(typeof(TVec));
            pushScalar();
            il.Emit(OpCodes.Call, BroadcastMethod);
            il.Emit(OpCodes.Stloc, result);
            return result;
        }
    }
}
