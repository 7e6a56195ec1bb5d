using System.Numerics;
using Qxm.Simulation.StateVector.Kernels;

namespace Qxm.Simulation.Tests.StateVector.Kernels;

public class ProjectionTests
{
    [Fact]
    public void ProbabilityOfOne_RandomState_SumsSquaredAmplitudesWithBitSet()
    {
        var state = KernelFactoryTests.RandomState(new Random(3), 4);
        var expected = Enumerable.Range(0, 16).Where(i => (i & 4) != 0).Sum(i => state[i].Magnitude * state[i].Magnitude);

        Assert.Equal(expected, Projection.ProbabilityOfOne(state, 2), 12);
    }

    [Fact]
    public void Collapse_OutcomeOne_KeepsRenormalisedBranch()
    {
        var state = KernelFactoryTests.RandomState(new Random(4), 3);
        var original = (Complex[])state.Clone();
        var p1 = Projection.ProbabilityOfOne(state, 1);

        Projection.Collapse(state, 1, 1, p1, moveToZero: false);

        for (var i = 0; i < 8; i++)
        {
            var expected = (i & 2) != 0 ? original[i] / Math.Sqrt(p1) : Complex.Zero;
            Assert.True(Complex.Abs(expected - state[i]) < 1e-12);
        }
    }

    [Fact]
    public void Collapse_ResetAfterOne_MovesBranchToZero()
    {
        var state = KernelFactoryTests.RandomState(new Random(4), 3);
        var original = (Complex[])state.Clone();
        var p1 = Projection.ProbabilityOfOne(state, 0);

        Projection.Collapse(state, 0, 1, p1, moveToZero: true);

        for (var i = 0; i < 8; i++)
        {
            var expected = (i & 1) == 0 ? original[i | 1] / Math.Sqrt(p1) : Complex.Zero;
            Assert.True(Complex.Abs(expected - state[i]) < 1e-12);
        }
    }
}
