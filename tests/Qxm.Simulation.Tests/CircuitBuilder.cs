using System.Collections.Immutable;
using Qxm.Circuits.Ir;

namespace Qxm.Simulation.Tests;

/// <summary>Builds bound IR circuits directly, so simulator tests do not depend on the OpenQASM parser.</summary>
internal sealed class CircuitBuilder(int qubits, int clbits = 0)
{
    private readonly List<Operation> _operations = [];

    public CircuitBuilder Gate(string name, params int[] operands) => Gate(name, [], operands);

    public CircuitBuilder Gate(string name, double[] parameters, params int[] operands)
    {
        _operations.Add(NewGate(name, parameters, operands));
        return this;
    }

    public CircuitBuilder Measure(int qubit, int clbit)
    {
        _operations.Add(new MeasureOperation(qubit, clbit, SourceSpan.None));
        return this;
    }

    public CircuitBuilder MeasureAll()
    {
        for (var q = 0; q < qubits; q++)
        {
            Measure(q, q);
        }

        return this;
    }

    public CircuitBuilder Reset(int qubit)
    {
        _operations.Add(new ResetOperation(qubit, SourceSpan.None));
        return this;
    }

    public CircuitBuilder Barrier(params int[] operands)
    {
        _operations.Add(new BarrierOperation([.. operands], SourceSpan.None));
        return this;
    }

    public CircuitBuilder If(int offset, int width, long value, string gate, params int[] operands)
    {
        _operations.Add(new ConditionalOperation(offset, width, value, NewGate(gate, [], operands), SourceSpan.None));
        return this;
    }

    public CircuitBuilder Add(Operation operation)
    {
        _operations.Add(operation);
        return this;
    }

    public Circuit Build() => new(
        2,
        qubits,
        clbits,
        qubits == 0 ? [] : [new Register("q", qubits, 0)],
        clbits == 0 ? [] : [new Register("c", clbits, 0)],
        [],
        [.. _operations]);

    public static GateOperation NewGate(string name, double[] parameters, params int[] operands) =>
        new(name, [.. operands], [.. parameters.Select(p => (Expr)new ConstantExpr(p))], SourceSpan.None);
}
