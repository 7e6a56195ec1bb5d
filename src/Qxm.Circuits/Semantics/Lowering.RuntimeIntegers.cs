using System.Globalization;
using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;
using Qxm.Circuits.Syntax;
using Qxm.Domain.Errors;

namespace Qxm.Circuits.Semantics;

/// <summary>Integers and bools computed while a shot runs (<c>count += c[0];</c>, <c>if (m) { i += 1; }</c>,
/// <c>while (count &lt; n)</c>): such a variable is held in a bit register of its own (its name, or its name with a
/// number inside blocks), written bit by bit with <see cref="ClassicalAssignOperation"/>s whose conditions compute the
/// new value (<see cref="RuntimeInteger"/>), so run-time state stays bits (docs/decisions/0031).</summary>
internal sealed partial class Lowering
{
    /// <summary>An <c>int</c> or <c>uint</c> declared without a width holds this many bits when it is computed at run time.</summary>
    private const int DefaultRuntimeWidth = 32;

    /// <summary>The most condition terms one run-time assignment may write (each shot evaluates them, the exporter prints
    /// them), checked before any write is added: about what a few nested 64-bit sums need.</summary>
    private const long MaxRuntimeAssignmentTerms = 200_000;

    /// <summary>Gives an int, uint or bool variable a value while a shot runs: makes it a register first (its value so
    /// far written where it was declared), then writes the new value's bits.</summary>
    private void AssignRuntime(Variable variable, string op, Value value, SyntaxNode at, bool declaring = false)
    {
        if (value.Kind == ValueKind.Unknown)
        {
            return;
        }

        var register = variable.RuntimeRegister ?? Promote(variable, at);
        var current = RuntimeInteger.OfRegister(register.Offset, register.Size, variable.Type == ClassicalType.Int);
        if (op != "=")
        {
            var operand = value;
            value = ValueOperations.Binary(op[..^1], Value.RuntimeInt(current), operand, out var error, out var unsupported);
            if (error is not null)
            {
                throw new DiagnosticException(Error(unsupported ? DiagnosticRules.Unsupported : DiagnosticRules.Type,
                    unsupported ? $"operator '{op}' on a run-time '{Name(variable.Type)}' and {operand.Described} is not supported" : error, at));
            }
        }

        if (value.Kind is ValueKind.Float or ValueKind.Symbolic or ValueKind.Duration or ValueKind.Stretch or ValueKind.Array)
        {
            throw new DiagnosticException(Error(DiagnosticRules.Type, $"cannot assign {value.Described} to a variable of type '{Name(variable.Type)}' computed while a shot runs", at));
        }

        var computed = variable.Type == ClassicalType.Bool
            ? new RuntimeInteger([ValueOperations.AsCondition(value) ?? (value.Integer != 0 ? new ConstantCondition(true) : new ConstantCondition(false))], false)
            : RuntimeInteger.From(value)!.Resize(register.Size, variable.Type == ClassicalType.Int);
        // A declaration outside run-time branches writes a register no shot has written yet, so only its ones.
        WriteRuntime(new BitsReference(register.Offset, register.Size), computed, builder.BlockDepth, fresh: declaring && _runtimeDepth == 0, at);
    }

    /// <summary>Makes a variable a run-time integer: a register of its width (its name where free, else the name with a
    /// number), its value so far written at its declaration's block, before the branch now being read.</summary>
    private Register Promote(Variable variable, SyntaxNode at)
    {
        var width = variable.Type == ClassicalType.Bool ? 1 : variable.Width == 0 ? DefaultRuntimeWidth : variable.Width;
        var unique = variable.Name;
        for (var k = 1; builder.IsNameDeclared(unique) || builder.TryGetGate(unique, out _); k++)
        {
            if (k == 1 && builder.Scopes[0].TryGetValue(unique, out var global) && ReferenceEquals(global, variable)
                && !builder.TryGetClassicalRegister(unique, out _) && !builder.TryGetQuantumRegister(unique, out _))
            {
                // A global variable's register takes its name; the variable is set aside while the name is declared.
                builder.Scopes[0].Remove(unique);
                try
                {
                    builder.DeclareRegister(false, unique, variable.Span, width, variable.Span);
                }
                finally
                {
                    builder.Scopes[0][unique] = variable;
                }

                break;
            }

            unique = string.Create(CultureInfo.InvariantCulture, $"{variable.Name}_{k}");
        }

        if (!builder.TryGetClassicalRegister(unique, out var register))
        {
            builder.DeclareRegister(false, unique, variable.Span, width, variable.Span);
            if (!builder.TryGetClassicalRegister(unique, out register))
            {
                throw new DiagnosticException(Error(DiagnosticRules.ExpansionLimit, $"no bits are left to hold '{variable.Name}' while a shot runs", at));
            }
        }

        var signed = variable.Type == ClassicalType.Int;
        var before = variable.Value;
        variable.RuntimeRegister = register;
        variable.Value = Value.RuntimeInt(RuntimeInteger.OfRegister(register.Offset, register.Size, signed));
        if (RuntimeInteger.From(before) is { } initial)
        {
            WriteRuntime(new BitsReference(register.Offset, register.Size), initial.Resize(register.Size, signed), variable.BlockDepth, fresh: variable.RuntimeDepth == 0, at);
        }

        return register;
    }

    /// <summary>Writes a value into a register, one operation per bit that changes, in an order that reads every bit
    /// before it is written: from the top where bit k reads only bits up to k (sums, left shifts), from the bottom
    /// where it reads only bits from k (right shifts). Fresh bits (known to be 0) get only their ones.</summary>
    private void WriteRuntime(BitsReference register, RuntimeInteger value, int depth, bool fresh, SyntaxNode at)
    {
        var memo = new Dictionary<Condition, long>(ReferenceEqualityComparer.Instance);
        long terms = 0;
        var downwards = true;
        var upwards = true;
        for (var k = 0; k < register.Width; k++)
        {
            terms += RuntimeInteger.TreeSize(value.Bits[k], memo);
        }

        if (terms > MaxRuntimeAssignmentTerms)
        {
            throw new DiagnosticException(Error(DiagnosticRules.ExpansionLimit, string.Create(CultureInfo.InvariantCulture,
                $"the value computed while a shot runs needs {terms:N0} condition terms, more than {MaxRuntimeAssignmentTerms:N0}; split it into steps"), at));
        }

        for (var k = 0; k < register.Width; k++)
        {
            // Within the budget, so walking each tree is bounded too.
            foreach (var read in value.Bits[k].Clbits())
            {
                var position = read - register.Offset;
                if (position >= 0 && position < register.Width)
                {
                    downwards &= position <= k;
                    upwards &= position >= k;
                }
            }
        }

        if (!downwards && !upwards)
        {
            throw Unsupported("an assignment whose new bits each read bits both above and below them (compute it into a second variable first)", at);
        }

        var span = At(at);
        for (var i = 0; i < register.Width; i++)
        {
            var k = downwards ? register.Width - 1 - i : i;
            var bit = value.Bits[k];
            if (bit is ClbitComparison { IsBit: true } same && same.Offset == register.Offset + k)
            {
                continue;
            }

            if (fresh && bit is ConstantCondition { Value: false })
            {
                continue;
            }

            builder.EmitAt(depth, new ClassicalAssignOperation(register.Offset + k, bit, span));
        }
    }
}
