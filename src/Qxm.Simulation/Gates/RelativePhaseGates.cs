using System.Numerics;

namespace Qxm.Simulation.Gates;

/// <summary>The relative-phase Toffoli gates of <c>qelib1.inc</c> (Margolus; Maslov 2016). Their phases are
/// defined only by the decomposition, so the matrices are built by multiplying it out rather than written by hand.</summary>
internal static class RelativePhaseGates
{
    public static readonly Complex[] Rccx = BuildRccx();

    public static readonly Complex[] Rc3x = BuildRc3x();

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
