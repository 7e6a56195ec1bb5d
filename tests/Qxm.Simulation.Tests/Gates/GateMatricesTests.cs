using System.Numerics;
using Qxm.Circuits.Ir;
using Qxm.Simulation.Gates;

namespace Qxm.Simulation.Tests.Gates;

public class GateMatricesTests
{
    private const double Theta = 0.37;
    private static readonly double R = Math.Sqrt(0.5);
    private static readonly Complex I = Complex.ImaginaryOne;

    public static TheoryData<string> LibraryGates => [.. GateLibrary.Gates.Select(g => g.Name)];

    [Theory]
    [MemberData(nameof(LibraryGates))]
    public void Get_LibraryGate_IsUnitaryOfItsSize(string name)
    {
        GateLibrary.TryGet(name, out var signature);
        var m = GateMatrices.Get(name, SampleParameters(signature.Parameters));

        Assert.Equal(1 << (2 * signature.Qubits), m.Length);
        MatrixAssert.Equal(MatrixAssert.Identity(1 << signature.Qubits), MatrixAssert.Multiply(MatrixAssert.Adjoint(m), m), name);
    }

    public static TheoryData<string, double[], Complex[]> Textbook
    {
        get
        {
            var c = Math.Cos(Theta / 2);
            var s = Math.Sin(Theta / 2);
            var eMinus = Complex.FromPolarCoordinates(1, -Theta / 2);
            var ePlus = Complex.FromPolarCoordinates(1, Theta / 2);
            return new()
            {
                { "id", [], [1, 0, 0, 1] },
                { "h", [], [R, R, R, -R] },
                { "x", [], [0, 1, 1, 0] },
                { "y", [], [0, -I, I, 0] },
                { "z", [], [1, 0, 0, -1] },
                { "s", [], [1, 0, 0, I] },
                { "sdg", [], [1, 0, 0, -I] },
                { "t", [], [1, 0, 0, new Complex(R, R)] },
                { "tdg", [], [1, 0, 0, new Complex(R, -R)] },
                { "sx", [], [new(0.5, 0.5), new(0.5, -0.5), new(0.5, -0.5), new(0.5, 0.5)] },
                { "sxdg", [], [new(0.5, -0.5), new(0.5, 0.5), new(0.5, 0.5), new(0.5, -0.5)] },
                { "rx", [Theta], [c, -I * s, -I * s, c] },
                { "ry", [Theta], [c, -s, s, c] },
                { "rz", [Theta], [eMinus, 0, 0, ePlus] },
                { "p", [Theta], [1, 0, 0, Complex.FromPolarCoordinates(1, Theta)] },
                { "u2", [0, Math.PI], [R, R, R, -R] },
                { "U", [Math.PI, 0, Math.PI], [0, 1, 1, 0] },
                { "cx", [], [1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0] },
                { "CX", [], [1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0] },
                { "cz", [], [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, -1] },
                { "swap", [], [1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1] },
                { "rzz", [Theta], [eMinus, 0, 0, 0, 0, ePlus, 0, 0, 0, 0, ePlus, 0, 0, 0, 0, eMinus] },
                { "rxx", [Theta], [c, 0, 0, -I * s, 0, c, -I * s, 0, 0, -I * s, c, 0, -I * s, 0, 0, c] },
                { "ccx", [], Permutation(8, i => (i & 3) == 3 ? i ^ 4 : i) },
                // Control operand 0; swaps operands 1 and 2 (bits 1 and 2) when bit 0 is set: 3 <-> 5.
                { "cswap", [], Permutation(8, i => i switch { 3 => 5, 5 => 3, _ => i }) },
                { "c3x", [], Permutation(16, i => (i & 7) == 7 ? i ^ 8 : i) },
                { "c4x", [], Permutation(32, i => (i & 15) == 15 ? i ^ 16 : i) },
                // IonQ's native gates, phases in turns: gpi(0) = X, gpi(0.25) = Y, gpi2(0) = rx(π/2), gpi2(0.25) = ry(π/2).
                { "gpi", [0], [0, 1, 1, 0] },
                { "gpi", [0.25], [0, -I, I, 0] },
                { "gpi2", [0], [R, -I * R, -I * R, R] },
                { "gpi2", [0.25], [R, -R, R, R] },
                // ms(0, 0) = exp(-iπ/4 X⊗X) = rxx(π/2); ms(0.25, 0.25) = exp(-iπ/4 Y⊗Y).
                { "ms", [0, 0], [R, 0, 0, -I * R, 0, R, -I * R, 0, 0, -I * R, R, 0, -I * R, 0, 0, R] },
                { "ms", [0.25, 0.25], [R, 0, 0, I * R, 0, R, -I * R, 0, 0, -I * R, R, 0, I * R, 0, 0, R] },
            };
        }
    }

    [Theory]
    [MemberData(nameof(Textbook))]
    public void Get_StandardGate_MatchesTextbookMatrix(string name, double[] parameters, Complex[] expected)
    {
        MatrixAssert.Equal(expected, GateMatrices.Get(name, parameters), name);
    }

    [Fact]
    public void Get_Cx_FlipsOperandOneWhenOperandZeroIsSet()
    {
        var m = GateMatrices.Get("cx", []);

        // Column 1 (control set, target clear) maps to row 3; column 2 (control clear) stays.
        Assert.Equal(Complex.One, m[(3 * 4) + 1]);
        Assert.Equal(Complex.One, m[(2 * 4) + 2]);
    }

    public static TheoryData<string, double[], int, string, double[]> ControlledGates => new()
    {
        { "CX", [], 1, "x", [] },
        { "cx", [], 1, "x", [] },
        { "cy", [], 1, "y", [] },
        { "cz", [], 1, "z", [] },
        { "ch", [], 1, "h", [] },
        { "crx", [Theta], 1, "rx", [Theta] },
        { "cry", [Theta], 1, "ry", [Theta] },
        { "crz", [Theta], 1, "rz", [Theta] },
        { "cu1", [Theta], 1, "u1", [Theta] },
        { "cp", [Theta], 1, "p", [Theta] },
        { "cphase", [Theta], 1, "phase", [Theta] },
        { "cu3", [0.3, 1.1, -0.7], 1, "u3", [0.3, 1.1, -0.7] },
        { "csx", [], 1, "sx", [] },
        { "cswap", [], 1, "swap", [] },
        { "ccx", [], 2, "x", [] },
        { "c3x", [], 3, "x", [] },
        { "c3sqrtx", [], 3, "sx", [] },
        { "c4x", [], 4, "x", [] },
    };

    [Theory]
    [MemberData(nameof(ControlledGates))]
    public void Get_ControlledGate_IsIdentityUnlessAllControlsAreSet(string name, double[] parameters, int controls, string target, double[] targetParameters)
    {
        var u = GateMatrices.Get(target, targetParameters);

        MatrixAssert.Equal(Controlled(controls, u), GateMatrices.Get(name, parameters), name);
    }

    [Fact]
    public void Get_Cu_ControlsGlobalPhaseTimesU()
    {
        var u = GateMatrices.Get("u", [0.3, 1.1, -0.7]).Select(e => e * Complex.FromPolarCoordinates(1, 0.9)).ToArray();

        MatrixAssert.Equal(Controlled(1, u), GateMatrices.Get("cu", [0.3, 1.1, -0.7, 0.9]));
    }

    public static TheoryData<string, double[], int, (string Gate, double[] Parameters, int[] Qubits)[]> Qelib1Definitions
    {
        get
        {
            const double pi = Math.PI;
            const double t = Theta;
            const double ph = 1.1;
            const double la = -0.7;
            const double ga = 0.9;
            return new()
            {
                { "x", [], 1, [("u3", [pi, 0, pi], [0])] },
                { "y", [], 1, [("u3", [pi, pi / 2, pi / 2], [0])] },
                { "z", [], 1, [("u1", [pi], [0])] },
                { "h", [], 1, [("u2", [0, pi], [0])] },
                { "sx", [], 1, [("sdg", [], [0]), ("h", [], [0]), ("sdg", [], [0])] },
                { "sxdg", [], 1, [("s", [], [0]), ("h", [], [0]), ("s", [], [0])] },
                { "rx", [t], 1, [("u3", [t, -pi / 2, pi / 2], [0])] },
                { "ry", [t], 1, [("u3", [t, 0, 0], [0])] },
                { "rz", [t], 1, [("u1", [t], [0])] },
                { "u0", [t], 1, [("id", [], [0])] },
                { "cz", [], 2, [("h", [], [1]), ("cx", [], [0, 1]), ("h", [], [1])] },
                { "cy", [], 2, [("sdg", [], [1]), ("cx", [], [0, 1]), ("s", [], [1])] },
                {
                    "ch", [], 2,
                    [
                        ("h", [], [1]), ("sdg", [], [1]), ("cx", [], [0, 1]), ("h", [], [1]), ("t", [], [1]),
                        ("cx", [], [0, 1]), ("t", [], [1]), ("h", [], [1]), ("s", [], [1]), ("x", [], [1]), ("s", [], [0]),
                    ]
                },
                { "crz", [t], 2, [("u1", [t / 2], [1]), ("cx", [], [0, 1]), ("u1", [-t / 2], [1]), ("cx", [], [0, 1])] },
                {
                    "crx", [t], 2,
                    [("u1", [pi / 2], [1]), ("cx", [], [0, 1]), ("u3", [-t / 2, 0, 0], [1]), ("cx", [], [0, 1]), ("u3", [t / 2, -pi / 2, 0], [1])]
                },
                { "cry", [t], 2, [("ry", [t / 2], [1]), ("cx", [], [0, 1]), ("ry", [-t / 2], [1]), ("cx", [], [0, 1])] },
                {
                    "cu1", [t], 2,
                    [("u1", [t / 2], [0]), ("cx", [], [0, 1]), ("u1", [-t / 2], [1]), ("cx", [], [0, 1]), ("u1", [t / 2], [1])]
                },
                {
                    "cu3", [t, ph, la], 2,
                    [
                        ("u1", [(la + ph) / 2], [0]), ("u1", [(la - ph) / 2], [1]), ("cx", [], [0, 1]),
                        ("u3", [-t / 2, 0, -(ph + la) / 2], [1]), ("cx", [], [0, 1]), ("u3", [t / 2, ph, 0], [1]),
                    ]
                },
                {
                    "cu", [t, ph, la, ga], 2,
                    [
                        ("p", [ga], [0]), ("p", [(la + ph) / 2], [0]), ("p", [(la - ph) / 2], [1]), ("cx", [], [0, 1]),
                        ("u", [-t / 2, 0, -(ph + la) / 2], [1]), ("cx", [], [0, 1]), ("u", [t / 2, ph, 0], [1]),
                    ]
                },
                { "csx", [], 2, [("h", [], [1]), ("cu1", [pi / 2], [0, 1]), ("h", [], [1])] },
                { "rzz", [t], 2, [("cx", [], [0, 1]), ("u1", [t], [1]), ("cx", [], [0, 1])] },
                {
                    "rxx", [t], 2,
                    [
                        ("u3", [pi / 2, t, 0], [0]), ("h", [], [1]), ("cx", [], [0, 1]), ("u1", [-t], [1]),
                        ("cx", [], [0, 1]), ("h", [], [1]), ("u2", [-pi, pi - t], [0]),
                    ]
                },
                {
                    "ccx", [], 3,
                    [
                        ("h", [], [2]), ("cx", [], [1, 2]), ("tdg", [], [2]), ("cx", [], [0, 2]), ("t", [], [2]),
                        ("cx", [], [1, 2]), ("tdg", [], [2]), ("cx", [], [0, 2]), ("t", [], [1]), ("t", [], [2]), ("h", [], [2]),
                        ("cx", [], [0, 1]), ("t", [], [0]), ("tdg", [], [1]), ("cx", [], [0, 1]),
                    ]
                },
                { "cswap", [], 3, [("cx", [], [2, 1]), ("ccx", [], [0, 1, 2]), ("cx", [], [2, 1])] },
            };
        }
    }

    [Theory]
    [MemberData(nameof(Qelib1Definitions))]
    public void Get_Gate_MatchesItsQelib1DefinitionUpToGlobalPhase(
        string name, double[] parameters, int qubits, (string Gate, double[] Parameters, int[] Qubits)[] body)
    {
        var composed = new UnitaryBuilder(qubits);
        foreach (var (gate, gateParameters, operands) in body)
        {
            composed.Apply(GateMatrices.Get(gate, gateParameters), operands);
        }

        MatrixAssert.EqualUpToGlobalPhase(composed.Matrix, GateMatrices.Get(name, parameters), name);
    }

    [Theory]
    [InlineData("rccx", "ccx")]
    [InlineData("rc3x", "c3x")]
    public void Get_RelativePhaseToffoli_IsToffoliTimesDiagonalPhases(string name, string exact)
    {
        var m = GateMatrices.Get(name, []);
        var toffoli = GateMatrices.Get(exact, []);

        // m = D * toffoli with D diagonal and unimodular, so m * toffoli^-1 = m * toffoli (self-inverse) is diagonal.
        var d = MatrixAssert.Multiply(m, toffoli);
        var dim = (int)Math.Sqrt(d.Length);
        for (var i = 0; i < dim; i++)
        {
            for (var j = 0; j < dim; j++)
            {
                var expectedMagnitude = i == j ? 1.0 : 0.0;
                Assert.Equal(expectedMagnitude, Complex.Abs(d[(i * dim) + j]), 12);
            }
        }
    }

    [Fact]
    public void Get_Rccx_HasQiskitsPhases()
    {
        var expected = Permutation(8, i => i switch { 3 => 7, 7 => 3, _ => i });
        expected[(3 * 8) + 7] = -I;
        expected[(7 * 8) + 3] = I;
        expected[(5 * 8) + 5] = -1;

        MatrixAssert.Equal(expected, GateMatrices.Get("rccx", []));
    }

    [Fact]
    public void Get_UnknownGate_Throws()
    {
        Assert.Throws<ArgumentException>(() => GateMatrices.Get("foo", []));
    }

    [Fact]
    public void Get_WrongParameterCount_Throws()
    {
        Assert.Throws<ArgumentException>(() => GateMatrices.Get("rx", []));
    }

    internal static double[] SampleParameters(int count) => [.. new[] { 0.37, 1.1, -0.7, 0.9 }.Take(count)];

    private static Complex[] Permutation(int dim, Func<int, int> target)
    {
        var m = new Complex[dim * dim];
        for (var col = 0; col < dim; col++)
        {
            m[(target(col) * dim) + col] = 1;
        }

        return m;
    }

    private static Complex[] Controlled(int controls, Complex[] u)
    {
        var targetDim = (int)Math.Sqrt(u.Length);
        var dim = targetDim << controls;
        var m = MatrixAssert.Identity(dim);
        var all = (1 << controls) - 1;
        for (var r = 0; r < targetDim; r++)
        {
            for (var c = 0; c < targetDim; c++)
            {
                m[((((r << controls) | all) * dim) + ((c << controls) | all))] = u[(r * targetDim) + c];
            }
        }

        return m;
    }
}
