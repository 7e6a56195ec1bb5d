using System.Numerics;

namespace Qxm.Simulation.StateVector.Engine;

/// <summary>Rewrites a pass's operations to spend fewer flops and stores per amplitude. An unconditional rotation
/// M = g·N whose divided entries stay at most 1 loses g to one scalar per pass, folded into the block's write-back:
/// ry and rx then cost 2 multiply-adds per amplitude instead of 4 (past ±π/2 the sine is the one taken out). An
/// unconditional one-qubit diagonal diag(a, d) on a register bit becomes a·diag(1, d/a): a phase on the half of the
/// amplitudes where the bit is 1, half the loads, stores and flops of a diagonal sweep.</summary>
internal static class SweepNormalizer
{
    public static PassOp[] Rewrite(PassOp[] ops, int laneBits)
    {
        var normalized = new List<PassOp>(ops.Length + 1);
        var factor = Complex.One;
        foreach (var op in ops)
        {
            normalized.Add(op is SingleQubitOp { Condition.IsDefault: true } single ? Normalize(single, laneBits, ref factor) : op);
        }

        if (factor != Complex.One)
        {
            // A factor on every amplitude of every block commutes with everything: the executor folds it into
            // write-back, so it costs one multiply per amplitude per pass and never accumulates across passes.
            normalized.Add(new PhaseOp(default, factor));
        }

        return [.. normalized];
    }

    private static PassOp Normalize(SingleQubitOp op, int laneBits, ref Complex factor)
    {
        var g = op.M00;
        if (op.Kind is MatrixKind.Real or MatrixKind.RealDiagonalImaginaryOff && op.M11 == g && g != Complex.Zero
            && Complex.Abs(op.M01) <= Complex.Abs(g) && Complex.Abs(op.M10) <= Complex.Abs(g))
        {
            // |b|, |c| <= |g| keeps the divided entries at most 1, so no intermediate grows beyond the unnormalised one.
            var b = op.M01 / g;
            var c = op.M10 / g;
            MatrixKind? kind = b.Imaginary == 0 && c.Imaginary == 0 ? MatrixKind.ShearReal
                : b.Real == 0 && c.Real == 0 ? MatrixKind.ShearImaginary
                : null;
            if (kind is { } k)
            {
                factor *= g;
                return new SingleQubitOp(default, op.Target, Complex.One, b, c, Complex.One, k);
            }
        }

        if (op.Kind == MatrixKind.RealDiagonalImaginaryOff && op.M11 == g && op.M01 == op.M10 && op.M01 != Complex.Zero
            && Complex.Abs(g) < Complex.Abs(op.M01))
        {
            // rx past ±π/2: the sine is the larger entry, so it is the one taken out; g / (ib) = -i·g/b stays below 1.
            var s = op.M01;
            var a = new Complex(0, -g.Real / s.Imaginary);
            factor *= s;
            return new SingleQubitOp(default, op.Target, a, Complex.One, Complex.One, a, MatrixKind.AntiShearImaginary);
        }

        if (op.Kind == MatrixKind.Real && op.Target >= laneBits && op.M11 == g && op.M01 == -op.M10 && op.M10 != Complex.Zero
            && Complex.Abs(g) < Complex.Abs(op.M10))
        {
            // ry past ±π/2 on a register bit: the sine is taken out, g / s stays below 1. (In a lane the -1 and 1 would
            // differ per lane and cost a multiply anyway.)
            var s = op.M10;
            var a = g / s;
            factor *= s;
            return new SingleQubitOp(default, op.Target, a, -Complex.One, Complex.One, a, MatrixKind.AntiShearReal);
        }

        if (op.Kind == MatrixKind.Diagonal && op.Target >= laneBits && g != Complex.Zero && Complex.Abs(op.M11) <= Complex.Abs(g))
        {
            factor *= g;
            return new PhaseOp(new OpCondition(1 << op.Target, 1 << op.Target, 0, 0), op.M11 / g);
        }

        return op;
    }
}
