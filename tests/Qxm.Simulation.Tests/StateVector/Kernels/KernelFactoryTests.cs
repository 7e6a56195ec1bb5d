using System.Numerics;
using Qxm.Circuits.Ir;
using Qxm.Simulation.Gates;
using Qxm.Simulation.StateVector.Kernels;
using Qxm.Simulation.Tests.Gates;

namespace Qxm.Simulation.Tests.StateVector.Kernels;

public class KernelFactoryTests
{
    private const int StateQubits = 6;

    public static TheoryData<string> LibraryGates => [.. GateLibrary.Gates.Select(g => g.Name)];

    [Theory]
    [MemberData(nameof(LibraryGates))]
    public void Create_LibraryGateOnScatteredQubits_AgreesWithNaiveMatrixApplication(string name)
    {
        GateLibrary.TryGet(name, out var signature);
        var matrix = GateMatrices.Get(name, GateMatricesTests.SampleParameters(signature.Parameters));
        var random = new Random(name.Length * 7919);
        for (var trial = 0; trial < 4; trial++)
        {
            // Operands in random order, so kernels meet descending and interleaved qubits too.
            var qubits = Enumerable.Range(0, StateQubits).OrderBy(_ => random.Next()).Take(signature.Qubits).ToArray();
            var state = RandomState(random, StateQubits);
            var expected = MatrixAssert.NaiveApply(state, matrix, qubits);

            KernelFactory.Create(matrix, qubits, StateQubits)?.Apply(state);

            MatrixAssert.Equal(expected, state, $"{name} on [{string.Join(",", qubits)}]");
        }
    }

    [Theory]
    [InlineData("x", typeof(SwapKernel))]
    [InlineData("cx", typeof(SwapKernel))]
    [InlineData("ccx", typeof(SwapKernel))]
    [InlineData("c4x", typeof(SwapKernel))]
    [InlineData("cswap", typeof(SwapKernel))]
    [InlineData("cy", typeof(SwapKernel))]
    [InlineData("z", typeof(DiagonalKernel))]
    [InlineData("cz", typeof(DiagonalKernel))]
    [InlineData("h", typeof(Dense2Kernel))]
    [InlineData("ch", typeof(Dense2Kernel))]
    [InlineData("c3sqrtx", typeof(Dense2Kernel))]
    [InlineData("rccx", typeof(PermutationKernel))]
    public void Create_StructuredGate_PicksSpecialisedKernel(string name, Type kernel)
    {
        GateLibrary.TryGet(name, out var signature);
        var qubits = Enumerable.Range(0, signature.Qubits).ToArray();

        Assert.IsType(kernel, KernelFactory.Create(GateMatrices.Get(name, []), qubits, StateQubits));
    }

    [Theory]
    [InlineData("rzz", typeof(DiagonalKernel))]
    [InlineData("cp", typeof(DiagonalKernel))]
    [InlineData("rxx", typeof(DenseKernel))]
    [InlineData("cu3", typeof(Dense2Kernel))]
    public void Create_ParameterisedGate_PicksSpecialisedKernel(string name, Type kernel)
    {
        GateLibrary.TryGet(name, out var signature);
        var qubits = Enumerable.Range(0, signature.Qubits).ToArray();
        var matrix = GateMatrices.Get(name, GateMatricesTests.SampleParameters(signature.Parameters));

        Assert.IsType(kernel, KernelFactory.Create(matrix, qubits, StateQubits));
    }

    [Fact]
    public void Create_Identity_ReturnsNull()
    {
        Assert.Null(KernelFactory.Create(GateMatrices.Get("id", []), [2], StateQubits));
    }

    [Fact]
    public void Apply_SplitIntoGroupRanges_EqualsOneFullApplication()
    {
        var random = new Random(5);
        var matrix = GateMatrices.Get("rxx", [0.4]);
        var kernel = KernelFactory.Create(matrix, [4, 1], StateQubits)!;
        var whole = RandomState(random, StateQubits);
        var parts = (Complex[])whole.Clone();

        kernel.Apply(whole);
        kernel.Apply(parts, 0, 5);
        kernel.Apply(parts, 5, kernel.GroupCount - 5);

        MatrixAssert.Equal(whole, parts);
    }

    internal static Complex[] RandomState(Random random, int qubits)
    {
        var state = new Complex[1 << qubits];
        var norm = 0.0;
        for (var i = 0; i < state.Length; i++)
        {
            state[i] = new Complex(random.NextDouble() - 0.5, random.NextDouble() - 0.5);
            norm += state[i].Magnitude * state[i].Magnitude;
        }

        for (var i = 0; i < state.Length; i++)
        {
            state[i] /= Math.Sqrt(norm);
        }

        return state;
    }
}
