using System.Collections.Immutable;
using Qxm.Circuits.Ir;
using Qxm.Domain.Errors;
using Qxm.Simulation.Gates;
using Qxm.Simulation.Noise;
using Qxm.Simulation.StateVector.Kernels;

namespace Qxm.Simulation.StateVector;

/// <summary>Checks a bound circuit's invariants and compiles it to kernels. Violations are bugs upstream
/// (the parser and validator should have refused the program), hence exceptions.</summary>
internal static class CircuitCompiler
{
    public static CompiledCircuit Compile(Circuit circuit) => Compile(circuit, noise: null);

    /// <summary>With a <paramref name="noise"/> model, every gate becomes a <see cref="NoisyGateStep"/> carrying the
    /// channels that follow it; identity gates too, since a qubit relaxes while it idles through one.</summary>
    public static CompiledCircuit Compile(Circuit circuit, NoiseModel? noise)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        if (circuit.QubitCount < 0 || circuit.ClbitCount < 0)
        {
            throw new QxmException("a circuit cannot have a negative number of qubits or clbits");
        }

        noise?.RequireQubits(circuit.QubitCount);
        return new CompiledCircuit(circuit.QubitCount, circuit.ClbitCount, CompileAll(circuit, circuit.Operations, noise));
    }

    private static List<Step> CompileAll(Circuit circuit, IEnumerable<Operation> operations, NoiseModel? noise)
    {
        var steps = new List<Step>();
        foreach (var op in operations)
        {
            // A box is a timing scope only; its contents run in place, so final-state sampling still sees its gates.
            if (op is BoxOperation box)
            {
                steps.AddRange(CompileAll(circuit, box.Body, noise));
            }
            else if (Compile(circuit, op, noise) is { } step)
            {
                steps.Add(step);
            }
        }

        return steps;
    }

    private static Step? Compile(Circuit circuit, Operation op, NoiseModel? noise)
    {
        switch (op)
        {
            case GateOperation gate when noise is not null:
                var compiled = CompileGate(circuit, gate);
                var channels = noise.ChannelsAfter(gate.Name, gate.Qubits.AsSpan());
                return channels.Length == 0 ? compiled : new NoisyGateStep(compiled, channels);
            case GateOperation gate:
                return CompileGate(circuit, gate);
            case MeasureOperation m:
                CheckQubit(circuit, m.Qubit, op);
                CheckClbit(circuit, m.Clbit, op);
                return new MeasureStep(m.Qubit, m.Clbit);
            case ResetOperation r:
                CheckQubit(circuit, r.Qubit, op);
                return new ResetStep(r.Qubit);
            case BarrierOperation or DelayOperation:
                return null;
            case IfOperation branch:
                CheckClbits(circuit, branch.Condition, op);
                return new BranchStep(branch.Condition, CompileAll(circuit, branch.Then, noise), CompileAll(circuit, branch.Else, noise));
            case WhileOperation loop:
                CheckClbits(circuit, loop.Condition, op);
                if (loop.MaxIterations < 1)
                {
                    throw Invalid(op, $"a 'while' loop needs a limit of at least one pass, not {loop.MaxIterations}");
                }

                return new WhileStep(loop.Condition, CompileAll(circuit, loop.Body, noise), loop.MaxIterations, loop.Span);
            case ClassicalAssignOperation assign:
                CheckClbit(circuit, assign.Clbit, op);
                CheckClbits(circuit, assign.Value, op);
                return new AssignStep(assign.Clbit, assign.Value);
            case ConditionalOperation c:
                if (c.Width < 0 || c.Offset < 0 || c.Offset + c.Width > circuit.ClbitCount)
                {
                    throw Invalid(op, $"condition on clbits [{c.Offset}, {c.Offset + c.Width}) is outside the {circuit.ClbitCount} clbits");
                }

                return Compile(circuit, c.Body, noise) is { } body ? new ConditionalStep(c.Offset, c.Width, c.Value, body) : null;
            default:
                throw Invalid(op, $"the state-vector simulator cannot run {op.GetType().Name}");
        }
    }

    private static GateStep? CompileGate(Circuit circuit, GateOperation gate)
    {
        if (!GateLibrary.TryGet(gate.Name, out var signature))
        {
            throw Invalid(gate, $"'{gate.Name}' is not a library gate");
        }

        if (gate.Qubits.Length != signature.Qubits || gate.Parameters.Length != signature.Parameters)
        {
            throw Invalid(gate, $"gate '{gate.Name}' takes {signature.Qubits} qubit(s) and {signature.Parameters} parameter(s)");
        }

        var qubits = gate.Qubits.AsSpan();
        for (var i = 0; i < qubits.Length; i++)
        {
            CheckQubit(circuit, qubits[i], gate);
            if (qubits[..i].Contains(qubits[i]))
            {
                throw Invalid(gate, $"gate '{gate.Name}' uses qubit {qubits[i]} twice");
            }
        }

        Span<double> parameters = stackalloc double[gate.Parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i] = Bound(gate, gate.Parameters[i]);
        }

        var matrix = GateMatrices.Get(gate.Name, parameters);
        var kernel = KernelFactory.Create(matrix, qubits, circuit.QubitCount);
        return kernel is null ? null : new GateStep(kernel, matrix, qubits.ToArray());
    }

    private static double Bound(GateOperation gate, Expr expr)
    {
        var inputs = expr.Inputs().ToImmutableArray();
        var value = expr is ConstantExpr constant ? constant.Constant
            : inputs.IsEmpty ? expr.Value
            : throw Invalid(gate, $"gate '{gate.Name}' has an unbound parameter ({string.Join(", ", inputs)})");
        return double.IsFinite(value)
            ? value
            : throw Invalid(gate, $"gate '{gate.Name}' has a non-finite parameter ({value})");
    }

    private static void CheckQubit(Circuit circuit, int qubit, Operation op)
    {
        if ((uint)qubit >= (uint)circuit.QubitCount)
        {
            throw Invalid(op, $"qubit {qubit} is outside the circuit's {circuit.QubitCount} qubits");
        }
    }

    private static void CheckClbit(Circuit circuit, int clbit, Operation op)
    {
        if ((uint)clbit >= (uint)circuit.ClbitCount)
        {
            throw Invalid(op, $"clbit {clbit} is outside the circuit's {circuit.ClbitCount} clbits");
        }
    }

    private static void CheckClbits(Circuit circuit, Condition condition, Operation op)
    {
        foreach (var clbit in condition.Clbits())
        {
            CheckClbit(circuit, clbit, op);
        }
    }

    private static QxmException Invalid(Operation op, string message) =>
        new(op.Span.Line > 0 ? $"line {op.Span.Line}: {message}" : message);
}
