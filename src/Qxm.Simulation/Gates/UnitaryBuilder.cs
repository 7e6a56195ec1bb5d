using System.Numerics;

namespace Qxm.Simulation.Gates;

/// <summary>Multiplies a short gate sequence out into a dense unitary. Only for building library matrices
/// once: it is cubic in the dimension. The gate names follow <c>qelib1.inc</c>: h is u2(0,π), t is u1(π/4).</summary>
internal sealed class UnitaryBuilder
{
    private readonly int _dim;

    public UnitaryBuilder(int qubits)
    {
        _dim = 1 << qubits;
        Matrix = new Complex[_dim * _dim];
        for (var i = 0; i < _dim; i++)
        {
            Matrix[(i * _dim) + i] = 1;
        }
    }

    public Complex[] Matrix { get; private set; }

    public void H(int qubit) => Apply(GateMatrices.Get("u2", [0, Math.PI]), qubit);

    public void T(int qubit) => Apply(GateMatrices.Get("u1", [Math.PI / 4]), qubit);

    public void Tdg(int qubit) => Apply(GateMatrices.Get("u1", [-Math.PI / 4]), qubit);

    public void Cx(int control, int target) => Apply(GateMatrices.Get("cx", []), control, target);

    /// <summary>Left-multiplies by <paramref name="gate"/> acting on <paramref name="operands"/> (operand j = bit j of the gate's index).</summary>
    public void Apply(Complex[] gate, params int[] operands)
    {
        var gateDim = 1 << operands.Length;
        var operandMask = 0;
        foreach (var q in operands)
        {
            operandMask |= 1 << q;
        }

        var embedded = new Complex[_dim * _dim];
        for (var row = 0; row < _dim; row++)
        {
            for (var col = 0; col < _dim; col++)
            {
                if ((row & ~operandMask) != (col & ~operandMask))
                {
                    continue;
                }

                embedded[(row * _dim) + col] = gate[(SubIndex(row, operands) * gateDim) + SubIndex(col, operands)];
            }
        }

        var product = new Complex[_dim * _dim];
        for (var i = 0; i < _dim; i++)
        {
            for (var k = 0; k < _dim; k++)
            {
                var e = embedded[(i * _dim) + k];
                if (e == Complex.Zero)
                {
                    continue;
                }

                for (var j = 0; j < _dim; j++)
                {
                    product[(i * _dim) + j] += e * Matrix[(k * _dim) + j];
                }
            }
        }

        Matrix = product;
    }

    private static int SubIndex(int index, int[] operands)
    {
        var sub = 0;
        for (var j = 0; j < operands.Length; j++)
        {
            sub |= ((index >> operands[j]) & 1) << j;
        }

        return sub;
    }
}
