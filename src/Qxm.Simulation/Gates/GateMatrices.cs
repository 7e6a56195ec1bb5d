using System.Numerics;
using Qxm.Circuits.Ir;

namespace Qxm.Simulation.Gates;

/// <summary>The unitary of every <see cref="GateLibrary"/> gate, as defined by OpenQASM 2's <c>qelib1.inc</c>
/// and Qiskit. Single-qubit gates may differ from <c>qelib1.inc</c> by a global phase (e.g. <c>rz</c> is
/// exp(-iθZ/2), not u1(θ)); controlled gates are exact, because their relative phase is observable.</summary>
/// <remarks>Matrices are row-major, 2^k × 2^k. Bit j of a row or column index is the gate's j-th qubit operand
/// (operand 0 is the least significant bit), as in Qiskit; controls are the first operands.</remarks>
public static class GateMatrices
{
    private static readonly double InvSqrt2 = Math.Sqrt(0.5);

    /// <summary>A fresh matrix for gate <paramref name="name"/> with the given parameter values.</summary>
    /// <exception cref="ArgumentException">The gate is not in the library or the parameter count is wrong.</exception>
    public static Complex[] Get(string name, ReadOnlySpan<double> parameters)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!GateLibrary.TryGet(name, out var signature))
        {
            throw new ArgumentException($"'{name}' is not a library gate", nameof(name));
        }

        if (parameters.Length != signature.Parameters)
        {
            throw new ArgumentException(
                $"gate '{name}' takes {signature.Parameters} parameter(s), got {parameters.Length}", nameof(parameters));
        }

        var p = parameters;
        return name switch
        {
            "U" or "u3" or "u" => U(p[0], p[1], p[2]),
            "u2" => U(Math.PI / 2, p[0], p[1]),
            "u1" or "p" or "phase" => Phase(p[0]),
            "u0" or "id" => Identity(1),
            "x" => X(),
            "y" => Y(),
            "z" => Diagonal(1, -1),
            "h" => H(),
            "s" => Diagonal(1, Complex.ImaginaryOne),
            "sdg" => Diagonal(1, -Complex.ImaginaryOne),
            "t" => Diagonal(1, new Complex(InvSqrt2, InvSqrt2)),
            "tdg" => Diagonal(1, new Complex(InvSqrt2, -InvSqrt2)),
            "sx" => Sx(),
            "sxdg" => [new(0.5, -0.5), new(0.5, 0.5), new(0.5, 0.5), new(0.5, -0.5)],
            "rx" => Rx(p[0]),
            "ry" => Ry(p[0]),
            "rz" => Rz(p[0]),
            "CX" or "cx" => Controlled(1, X()),
            "cy" => Controlled(1, Y()),
            "cz" => Controlled(1, Diagonal(1, -1)),
            "ch" => Controlled(1, H()),
            "swap" => Swap(),
            "crx" => Controlled(1, Rx(p[0])),
            "cry" => Controlled(1, Ry(p[0])),
            "crz" => Controlled(1, Rz(p[0])),
            "cu1" or "cp" or "cphase" => Controlled(1, Phase(p[0])),
            "cu3" => Controlled(1, U(p[0], p[1], p[2])),
            "cu" => Controlled(1, Scale(U(p[0], p[1], p[2]), Complex.FromPolarCoordinates(1, p[3]))),
            "csx" => Controlled(1, Sx()),
            "rxx" => Rxx(p[0]),
            "rzz" => Rzz(p[0]),
            "ccx" => Controlled(2, X()),
            "cswap" => Controlled(1, Swap()),
            "rccx" => (Complex[])RelativePhaseGates.Rccx.Clone(),
            "rc3x" => (Complex[])RelativePhaseGates.Rc3x.Clone(),
            "c3x" => Controlled(3, X()),
            "c3sqrtx" => Controlled(3, Sx()),
            "c4x" => Controlled(4, X()),
            "gpi" => Gpi(p[0]),
            "gpi2" => Gpi2(p[0]),
            "ms" => Ms(p[0], p[1]),
            _ => throw new ArgumentException($"gate '{name}' has no matrix", nameof(name)),
        };
    }

    /// <summary>OpenQASM's U(θ, φ, λ) = Rz(φ) Ry(θ) Rz(λ) with the phase that makes its top-left entry real.</summary>
    private static Complex[] U(double theta, double phi, double lambda)
    {
        var c = Math.Cos(theta / 2);
        var s = Math.Sin(theta / 2);
        return
        [
            c, -Complex.FromPolarCoordinates(s, lambda),
            Complex.FromPolarCoordinates(s, phi), Complex.FromPolarCoordinates(c, phi + lambda),
        ];
    }

    private static Complex[] Phase(double lambda) => Diagonal(1, Complex.FromPolarCoordinates(1, lambda));

    private static Complex[] X() => [0, 1, 1, 0];

    private static Complex[] Y() => [0, -Complex.ImaginaryOne, Complex.ImaginaryOne, 0];

    private static Complex[] H() => [InvSqrt2, InvSqrt2, InvSqrt2, -InvSqrt2];

    private static Complex[] Sx() => [new(0.5, 0.5), new(0.5, -0.5), new(0.5, -0.5), new(0.5, 0.5)];

    private static Complex[] Rx(double theta)
    {
        var c = Math.Cos(theta / 2);
        var s = new Complex(0, -Math.Sin(theta / 2));
        return [c, s, s, c];
    }

    private static Complex[] Ry(double theta)
    {
        var c = Math.Cos(theta / 2);
        var s = Math.Sin(theta / 2);
        return [c, -s, s, c];
    }

    private static Complex[] Rz(double theta) =>
        Diagonal(Complex.FromPolarCoordinates(1, -theta / 2), Complex.FromPolarCoordinates(1, theta / 2));

    private static Complex[] Swap() =>
    [
        1, 0, 0, 0,
        0, 0, 1, 0,
        0, 1, 0, 0,
        0, 0, 0, 1,
    ];

    /// <summary>exp(-iθ X⊗X / 2) = cos(θ/2) I - i sin(θ/2) X⊗X; X⊗X maps index i to i XOR 3.</summary>
    private static Complex[] Rxx(double theta)
    {
        var m = new Complex[16];
        var c = Math.Cos(theta / 2);
        var s = new Complex(0, -Math.Sin(theta / 2));
        for (var i = 0; i < 4; i++)
        {
            m[(i * 4) + i] = c;
            m[(i * 4) + (i ^ 3)] = s;
        }

        return m;
    }

    /// <summary>exp(-iθ Z⊗Z / 2): phase e^{-iθ/2} on even parity, e^{iθ/2} on odd.</summary>
    private static Complex[] Rzz(double theta)
    {
        var even = Complex.FromPolarCoordinates(1, -theta / 2);
        var odd = Complex.FromPolarCoordinates(1, theta / 2);
        var m = new Complex[16];
        m[0] = even;
        m[5] = odd;
        m[10] = odd;
        m[15] = even;
        return m;
    }

    /// <summary>IonQ's GPI(φ), φ in turns: [[0, e^(-2πiφ)], [e^(2πiφ), 0]].</summary>
    private static Complex[] Gpi(double turns)
    {
        var angle = 2 * Math.PI * turns;
        return [0, Complex.FromPolarCoordinates(1, -angle), Complex.FromPolarCoordinates(1, angle), 0];
    }

    /// <summary>IonQ's GPI2(φ), φ in turns: 1/√2 [[1, -i e^(-2πiφ)], [-i e^(2πiφ), 1]].</summary>
    private static Complex[] Gpi2(double turns)
    {
        var angle = 2 * Math.PI * turns;
        var minusI = -Complex.ImaginaryOne * InvSqrt2;
        return [InvSqrt2, minusI * Complex.FromPolarCoordinates(1, -angle), minusI * Complex.FromPolarCoordinates(1, angle), InvSqrt2];
    }

    /// <summary>IonQ's fully entangling MS(φ0, φ1), phases in turns, φ0 on operand 0. In IonQ's big-endian listing
    /// the anti-diagonal is -i e^(-i(φ0+φ1)), -i e^(-i(φ0-φ1)), -i e^(i(φ0-φ1)), -i e^(i(φ0+φ1)) over √2; here operand 0 is
    /// the low bit, so the middle two trade places.</summary>
    private static Complex[] Ms(double turns0, double turns1)
    {
        var sum = 2 * Math.PI * (turns0 + turns1);
        var difference = 2 * Math.PI * (turns0 - turns1);
        var minusI = -Complex.ImaginaryOne * InvSqrt2;
        var m = new Complex[16];
        m[0] = m[5] = m[10] = m[15] = InvSqrt2;
        m[3] = minusI * Complex.FromPolarCoordinates(1, -sum);
        m[12] = minusI * Complex.FromPolarCoordinates(1, sum);
        m[(2 * 4) + 1] = minusI * Complex.FromPolarCoordinates(1, -difference);
        m[(1 * 4) + 2] = minusI * Complex.FromPolarCoordinates(1, difference);
        return m;
    }

    private static Complex[] Diagonal(Complex d0, Complex d1) => [d0, 0, 0, d1];

    private static Complex[] Identity(int qubits)
    {
        var dim = 1 << qubits;
        var m = new Complex[dim * dim];
        for (var i = 0; i < dim; i++)
        {
            m[(i * dim) + i] = 1;
        }

        return m;
    }

    private static Complex[] Scale(Complex[] m, Complex factor)
    {
        for (var i = 0; i < m.Length; i++)
        {
            m[i] *= factor;
        }

        return m;
    }

    /// <summary>|1…1⟩⟨1…1| ⊗ U + (I - |1…1⟩⟨1…1|) ⊗ I with the controls as the low (first) operands.</summary>
    private static Complex[] Controlled(int controls, Complex[] target)
    {
        var targetDim = (int)Math.Sqrt(target.Length);
        var dim = targetDim << controls;
        var controlMask = (1 << controls) - 1;
        var m = Identity(int.Log2(dim));
        for (var tr = 0; tr < targetDim; tr++)
        {
            var row = (tr << controls) | controlMask;
            for (var tc = 0; tc < targetDim; tc++)
            {
                var col = (tc << controls) | controlMask;
                m[(row * dim) + col] = target[(tr * targetDim) + tc];
            }
        }

        return m;
    }
}
