using System.Numerics;
using Qxm.Domain.Errors;

namespace Qxm.Simulation.Gates;

/// <summary>The relative-phase Toffoli gates of <c>qelib1.inc</c> (Margolus; Maslov 2016). Their phases are
/// defined only by the decomposition, so the matrices are built by multiplying it out rather than written by hand.</summary>
internal static class RelativePhaseGates
{
    public static readonly Complex[] Rccx = Snap(BuildRccx());

    public static readonly Complex[] Rc3x = Snap(BuildRc3x());

    /// <summary>Both gates' entries are exactly 0, ±1 or ±i; rounding the products' 1e-16 noise back to them
    /// keeps the matrices exact and lets the kernel factory see their permutation structure.</summary>
    private static Complex[] Snap(Complex[] m)
    {
        for (var i = 0; i < m.Length; i++)
        {
            m[i] = new Complex(SnapPart(m[i].Real), SnapPart(m[i].Imaginary));
        }

        return m;
    }

    private static double SnapPart(double value)
    {
        var rounded = Math.Round(value);
        return Math.Abs(value - rounded) < 1e-12 ? rounded : throw new QxmException($"entry {value} is not an integer");
    }

    private static Complex[] BuildRccx()
    {
        var b = new UnitaryBuilder(3);
        b.H(2);
        b.T(2);
        b.Cx(1, 2);
        b.Tdg(2);
        b.Cx(0, 2);
        b.T(2);
        b.Cx(1, 2);
        b.Tdg(2);
        b.H(2);
        return b.Matrix;
    }

    private static Complex[] BuildRc3x()
    {
        var b = new UnitaryBuilder(4);
        b.H(3);
        b.T(3);
        b.Cx(2, 3);
        b.Tdg(3);
        b.H(3);
        b.Cx(0, 3);
        b.T(3);
        b.Cx(1, 3);
        b.Tdg(3);
        b.Cx(0, 3);
        b.T(3);
        b.Cx(1, 3);
        b.Tdg(3);
        b.H(3);
        b.T(3);
        b.Cx(2, 3);
        b.Tdg(3);
        b.H(3);
        return b.Matrix;
    }
}
