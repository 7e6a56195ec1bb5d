using System.Numerics;
using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;

namespace Qxm.Circuits.Tests.Parsing;

public class StandardGateDefinitionsTests
{
    private const double A = 0.3;
    private const double B = 1.1;
    private const double C = -0.7;
    private const double D = 0.45;

    public static TheoryData<string> AllGates() => [.. GateLibrary.Gates.Select(g => g.Name)];

    [Theory]
    [MemberData(nameof(AllGates))]
    public void Expand_LibraryGate_YieldsOnlyBuiltinsOnItsQubits(string name)
    {
        Assert.True(GateLibrary.TryGet(name, out var signature));

        var circuit = StandardGateDefinitions.Expand(name, [.. Enumerable.Repeat(0.5, signature.Parameters)]);

        Assert.Equal(signature.Qubits, circuit.QubitCount);
        Assert.NotEmpty(circuit.Operations);
        Assert.All(circuit.Operations, op =>
        {
            var gate = Assert.IsType<GateOperation>(op);
            Assert.Contains(gate.Name, new[] { "U", "CX" });
            Assert.All(gate.Qubits, q => Assert.InRange(q, 0, signature.Qubits - 1));
            Assert.All(gate.Parameters, p => Assert.IsType<ConstantExpr>(p));
        });
    }

    [Fact]
    public void Expand_WrongParameterCount_Throws() =>
        Assert.Throws<ArgumentException>(() => StandardGateDefinitions.Expand("rx", []));

    [Fact]
    public void Expand_UnknownGate_Throws() =>
        Assert.Throws<ArgumentException>(() => StandardGateDefinitions.Expand("nope", []));

    /// <summary>Guards the embedded include texts against typos: each definition must be the textbook gate,
    /// up to a global phase. The relative-phase Toffolis have no simpler reference and are left out.</summary>
    [Theory]
    [InlineData("id")]
    [InlineData("x")]
    [InlineData("y")]
    [InlineData("z")]
    [InlineData("h")]
    [InlineData("s")]
    [InlineData("sdg")]
    [InlineData("t")]
    [InlineData("tdg")]
    [InlineData("sx")]
    [InlineData("sxdg")]
    [InlineData("rx")]
    [InlineData("ry")]
    [InlineData("rz")]
    [InlineData("p")]
    [InlineData("phase")]
    [InlineData("u1")]
    [InlineData("u2")]
    [InlineData("u3")]
    [InlineData("u")]
    [InlineData("u0")]
    [InlineData("cx")]
    [InlineData("cy")]
    [InlineData("cz")]
    [InlineData("ch")]
    [InlineData("swap")]
    [InlineData("crx")]
    [InlineData("cry")]
    [InlineData("crz")]
    [InlineData("cu1")]
    [InlineData("cp")]
    [InlineData("cphase")]
    [InlineData("cu3")]
    [InlineData("cu")]
    [InlineData("csx")]
    [InlineData("rxx")]
    [InlineData("rzz")]
    [InlineData("ccx")]
    [InlineData("cswap")]
    [InlineData("c3x")]
    [InlineData("c3sqrtx")]
    [InlineData("c4x")]
    public void Expand_LibraryGate_MatchesTextbookMatrixUpToGlobalPhase(string name)
    {
        Assert.True(GateLibrary.TryGet(name, out var signature));
        double[] parameters = [.. new[] { A, B, C, D }.Take(signature.Parameters)];

        var actual = Unitary(StandardGateDefinitions.Expand(name, parameters));

        AssertEqualUpToPhase(Reference(name), actual);
    }

    private static Complex[,] Reference(string name)
    {
        var i = Complex.ImaginaryOne;
        Complex[,] x = { { 0, 1 }, { 1, 0 } };
        Complex[,] sx = { { (1 + i) / 2, (1 - i) / 2 }, { (1 - i) / 2, (1 + i) / 2 } };
        Complex[,] rz = { { Complex.Exp(-i * A / 2), 0 }, { 0, Complex.Exp(i * A / 2) } };
        Complex[,] phase = { { 1, 0 }, { 0, Complex.Exp(i * A) } };
        return name switch
        {
            "id" or "u0" => Single(U(0, 0, 0)),
            "x" => Single(x),
            "y" => Single(new Complex[,] { { 0, -i }, { i, 0 } }),
            "z" => Single(new Complex[,] { { 1, 0 }, { 0, -1 } }),
            "h" => Single(U(Math.PI / 2, 0, Math.PI)),
            "s" => Single(new Complex[,] { { 1, 0 }, { 0, i } }),
            "sdg" => Single(new Complex[,] { { 1, 0 }, { 0, -i } }),
            "t" => Single(new Complex[,] { { 1, 0 }, { 0, Complex.Exp(i * Math.PI / 4) } }),
            "tdg" => Single(new Complex[,] { { 1, 0 }, { 0, Complex.Exp(-i * Math.PI / 4) } }),
            "sx" => Single(sx),
            "sxdg" => Single(new Complex[,] { { (1 - i) / 2, (1 + i) / 2 }, { (1 + i) / 2, (1 - i) / 2 } }),
            "rx" => Single(new Complex[,] { { Math.Cos(A / 2), -i * Math.Sin(A / 2) }, { -i * Math.Sin(A / 2), Math.Cos(A / 2) } }),
            "ry" => Single(new Complex[,] { { Math.Cos(A / 2), -Math.Sin(A / 2) }, { Math.Sin(A / 2), Math.Cos(A / 2) } }),
            "rz" => Single(rz),
            "p" or "phase" or "u1" => Single(phase),
            "u2" => Single(U(Math.PI / 2, A, B)),
            "u3" or "u" => Single(U(A, B, C)),
            "cx" => Controlled(1, x),
            "cy" => Controlled(1, new Complex[,] { { 0, -i }, { i, 0 } }),
            "cz" => Controlled(1, new Complex[,] { { 1, 0 }, { 0, -1 } }),
            "ch" => Controlled(1, U(Math.PI / 2, 0, Math.PI)),
            "crx" => Controlled(1, new Complex[,] { { Math.Cos(A / 2), -i * Math.Sin(A / 2) }, { -i * Math.Sin(A / 2), Math.Cos(A / 2) } }),
            "cry" => Controlled(1, new Complex[,] { { Math.Cos(A / 2), -Math.Sin(A / 2) }, { Math.Sin(A / 2), Math.Cos(A / 2) } }),
            "crz" => Controlled(1, rz),
            "cu1" or "cp" or "cphase" => Controlled(1, phase),
            "cu3" => Controlled(1, U(A, B, C)),
            "cu" => Controlled(1, Scale(U(A, B, C), Complex.Exp(i * D))),
            "csx" => Controlled(1, sx),
            "rxx" => TwoQubitRotation(A, xx: true),
            "rzz" => TwoQubitRotation(A, xx: false),
            "ccx" => Controlled(2, x),
            "c3x" => Controlled(3, x),
            "c3sqrtx" => Controlled(3, sx),
            "c4x" => Controlled(4, x),
            "swap" => Permutation(2, b => ((b & 1) << 1) | (b >> 1)),
            "cswap" => Permutation(3, b => (b & 1) == 0 ? b : (b & 1) | ((b & 2) << 1) | ((b & 4) >> 1)),
            _ => throw new ArgumentException(name, nameof(name)),
        };
    }

    private static Complex[,] U(double theta, double phi, double lambda)
    {
        var i = Complex.ImaginaryOne;
        var c = Math.Cos(theta / 2);
        var s = Math.Sin(theta / 2);
        return new Complex[,]
        {
            { c, -Complex.Exp(i * lambda) * s },
            { Complex.Exp(i * phi) * s, Complex.Exp(i * (phi + lambda)) * c },
        };
    }

    private static Complex[,] Scale(Complex[,] m, Complex factor)
    {
        var r = (Complex[,])m.Clone();
        for (var a = 0; a < 2; a++)
        {
            for (var b = 0; b < 2; b++)
            {
                r[a, b] *= factor;
            }
        }

        return r;
    }

    private static Complex[,] Single(Complex[,] m) => Controlled(0, m);

    /// <summary>Controls are qubits 0..k-1, the target is qubit k; qubit j is bit j of a basis index.</summary>
    private static Complex[,] Controlled(int controls, Complex[,] m)
    {
        var dim = 1 << (controls + 1);
        var all = (1 << controls) - 1;
        var r = new Complex[dim, dim];
        for (var col = 0; col < dim; col++)
        {
            if ((col & all) != all)
            {
                r[col, col] = 1;
                continue;
            }

            var t = (col >> controls) & 1;
            for (var row = 0; row < 2; row++)
            {
                r[(col & all) | (row << controls), col] = m[row, t];
            }
        }

        return r;
    }

    private static Complex[,] Permutation(int qubits, Func<int, int> map)
    {
        var dim = 1 << qubits;
        var r = new Complex[dim, dim];
        for (var col = 0; col < dim; col++)
        {
            r[map(col), col] = 1;
        }

        return r;
    }

    private static Complex[,] TwoQubitRotation(double theta, bool xx)
    {
        var r = new Complex[4, 4];
        var c = Math.Cos(theta / 2);
        var s = -Complex.ImaginaryOne * Math.Sin(theta / 2);
        for (var col = 0; col < 4; col++)
        {
            if (xx)
            {
                r[col, col] = c;
                r[col ^ 3, col] = s;
            }
            else
            {
                var parity = ((col & 1) ^ (col >> 1)) == 0 ? 1 : -1;
                r[col, col] = c + (parity * s);
            }
        }

        return r;
    }

    internal static Complex[,] Unitary(Circuit circuit)
    {
        var dim = 1 << circuit.QubitCount;
        var result = new Complex[dim, dim];
        for (var col = 0; col < dim; col++)
        {
            var state = new Complex[dim];
            state[col] = 1;
            foreach (var gate in circuit.Operations.Cast<GateOperation>())
            {
                if (gate.Name == "CX")
                {
                    var control = 1 << gate.Qubits[0];
                    var target = 1 << gate.Qubits[1];
                    for (var b = 0; b < dim; b++)
                    {
                        if ((b & control) != 0 && (b & target) == 0)
                        {
                            (state[b], state[b | target]) = (state[b | target], state[b]);
                        }
                    }
                }
                else
                {
                    var m = U(gate.Parameters[0].Value, gate.Parameters[1].Value, gate.Parameters[2].Value);
                    var bit = 1 << gate.Qubits[0];
                    for (var b = 0; b < dim; b++)
                    {
                        if ((b & bit) == 0)
                        {
                            var (a0, a1) = (state[b], state[b | bit]);
                            state[b] = (m[0, 0] * a0) + (m[0, 1] * a1);
                            state[b | bit] = (m[1, 0] * a0) + (m[1, 1] * a1);
                        }
                    }
                }
            }

            for (var row = 0; row < dim; row++)
            {
                result[row, col] = state[row];
            }
        }

        return result;
    }

    internal static void AssertEqualUpToPhase(Complex[,] expected, Complex[,] actual)
    {
        var dim = expected.GetLength(0);
        Assert.Equal(dim, actual.GetLength(0));
        Complex phase = 0;
        for (var k = 0; k < dim * dim && phase == 0; k++)
        {
            var e = expected[k / dim, k % dim];
            if (e.Magnitude > 0.1)
            {
                phase = actual[k / dim, k % dim] / e;
            }
        }

        Assert.Equal(1, phase.Magnitude, 9);
        for (var row = 0; row < dim; row++)
        {
            for (var col = 0; col < dim; col++)
            {
                var difference = (expected[row, col] * phase) - actual[row, col];
                Assert.True(difference.Magnitude < 1e-9, $"element ({row},{col}): expected {expected[row, col] * phase}, got {actual[row, col]}");
            }
        }
    }
}
