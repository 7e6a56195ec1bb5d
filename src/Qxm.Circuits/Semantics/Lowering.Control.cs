using System.Collections.Immutable;
using System.Globalization;
using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;
using Qxm.Circuits.Syntax;
using Qxm.Domain.Errors;

namespace Qxm.Circuits.Semantics;

/// <summary>Control flow: branches on measured bits become <see cref="IfOperation"/>s decided per shot; loops and
/// branches on values known before the run, <c>switch</c> and subroutine calls are expanded here, under the budgets.
/// <c>break</c>, <c>continue</c> and <c>return</c> suppress what follows them until the loop or call they leave takes
/// over, so that the code after them is still checked.</summary>
internal sealed partial class Lowering
{
    private LoopControl _control;
    private int _loopDepth;
    private int _loopRuntimeDepth;
    private int _runtimeDepth;
    private int _subroutineDepth;
    private Value _returnValue;

    private void LowerSuppressed(StatementSyntax statement)
    {
        builder.Suppressed++;
        try
        {
            LowerScoped(statement);
        }
        finally
        {
            builder.Suppressed--;
        }
    }

    private ImmutableArray<Operation> LowerRuntimeBranch(StatementSyntax statement)
    {
        builder.BeginBlock();
        ImmutableArray<Operation> body = [];
        try
        {
            LowerScoped(statement);
        }
        finally
        {
            body = builder.EndBlock();
        }

        return body;
    }

    private void LowerRuntimeIf(IfSyntax conditional, Value condition)
    {
        if (ValueOperations.AsCondition(condition) is not { } runtime)
        {
            throw new DiagnosticException(Error(DiagnosticRules.Type, $"an 'if' condition must be a bool or measured bits, not {condition.Described}", conditional.Condition));
        }

        _runtimeDepth++;
        try
        {
            var then = LowerRuntimeBranch(conditional.Then);
            var otherwise = conditional.Else is null ? [] : LowerRuntimeBranch(conditional.Else);
            builder.EmitOperation(new IfOperation(runtime, then, otherwise, At(conditional)));
        }
        finally
        {
            _runtimeDepth--;
        }
    }

    private void LowerSwitch(SwitchSyntax switchStatement)
    {
        var target = Evaluate(switchStatement.Subject);
        var known = builder.Suppressed == 0 && target.Kind != ValueKind.Unknown;
        if (known && (target.Kind is ValueKind.Bits or ValueKind.RuntimeInteger || target.IsIntegerSymbolic))
        {
            LowerRuntimeSwitch(switchStatement, target);
            return;
        }

        if (known && target.Kind != ValueKind.Int)
        {
            throw new DiagnosticException(Error(DiagnosticRules.Type, $"a 'switch' target must be an int or measured bits, not {target.Described}", switchStatement.Subject));
        }

        var taken = false;
        var hasDefault = false;
        var seen = new HashSet<long>();
        foreach (var label in switchStatement.Cases)
        {
            var values = LabelValues(label, seen, ref hasDefault);
            var matches = values is null || (target.Kind == ValueKind.Int && values.Contains(target.Integer));
            var run = known && matches && !taken;
            taken |= run;
            if (run)
            {
                LowerScoped(label.Body);
            }
            else
            {
                LowerSuppressed(label.Body);
            }
        }
    }

    /// <summary>A <c>switch</c> on measured bits, decided per shot: a chain of runtime <c>if</c>s, one per case, each
    /// testing the bits (read as an unsigned integer) against the case's values, the default last. On an integer input
    /// the chain compares the input, and the binder keeps the case its value takes.</summary>
    private void LowerRuntimeSwitch(SwitchSyntax switchStatement, Value subject)
    {
        var hasDefault = false;
        var seen = new HashSet<long>();
        var cases = new List<(CaseSyntax Label, List<long>? Values, ImmutableArray<Operation> Body)>();
        _runtimeDepth++;
        try
        {
            foreach (var label in switchStatement.Cases)
            {
                var values = LabelValues(label, seen, ref hasDefault);
                cases.Add((label, values, LowerRuntimeBranch(label.Body)));
            }
        }
        finally
        {
            _runtimeDepth--;
        }

        var otherwise = cases.Find(c => c.Values is null).Body;
        ImmutableArray<Operation> chain = otherwise.IsDefault ? [] : otherwise;
        for (var i = cases.Count - 1; i >= 0; i--)
        {
            if (cases[i].Values is not { } values)
            {
                continue;
            }

            Condition? condition = null;
            foreach (var value in values)
            {
                // Measured bits read as an unsigned integer; an integer computed at run time with its own sign.
                var test = subject.Payload is BitsReference bits ? new ClbitComparison(bits.Offset, bits.Width, "==", value)
                    : subject.IsIntegerSymbolic ? new InputComparison((Expr)subject.Payload!, "==", new ConstantExpr(value))
                    : ValueOperations.AsCondition(RuntimeInteger.Binary("==", (RuntimeInteger)subject.Payload!, RuntimeInteger.Constant(value), value)!.Value)!;
                condition = condition is null ? test : new LogicalCondition("||", condition, test);
            }

            // A case whose values the bits can never hold (none known) never runs.
            chain = condition is null ? chain : [new IfOperation(condition, cases[i].Body, chain, At(cases[i].Label))];
        }

        foreach (var operation in chain)
        {
            builder.EmitOperation(operation);
        }
    }

    /// <summary>A case's values, checked (integer constants, none twice, the default last and once); null for the default.</summary>
    private List<long>? LabelValues(CaseSyntax label, HashSet<long> seen, ref bool hasDefault)
    {
        if (label.IsDefault)
        {
            if (hasDefault)
            {
                throw new DiagnosticException(Error(DiagnosticRules.Syntax, "a 'switch' has at most one 'default'", label));
            }

            hasDefault = true;
            return null;
        }

        if (hasDefault)
        {
            throw new DiagnosticException(Error(DiagnosticRules.Syntax, "'case' after 'default': the default comes last", label));
        }

        var values = new List<long>();
        foreach (var item in label.Values)
        {
            var value = Evaluate(item);
            if (value.Kind == ValueKind.Unknown)
            {
                continue;
            }

            if (value.Kind != ValueKind.Int)
            {
                throw new DiagnosticException(Error(DiagnosticRules.Type, $"a 'case' value must be an integer constant, not {value.Described}", item));
            }

            if (!seen.Add(value.Integer))
            {
                throw new DiagnosticException(Error(DiagnosticRules.Type, $"the case value {value.Integer} appears twice in this 'switch'", item));
            }

            values.Add(value.Integer);
        }

        return values;
    }

    private void LowerAlias(AliasSyntax alias)
    {
        _operands.Clear();
        var parts = new Stack<ExpressionSyntax>();
        parts.Push(alias.Value);
        while (parts.Count > 0)
        {
            switch (parts.Pop())
            {
                case BinarySyntax { Operator: "++" } concatenation:
                    parts.Push(concatenation.Right);
                    parts.Push(concatenation.Left);
                    break;
                case var part:
                    _operands.Add(ToOperand(part));
                    break;
            }
        }

        var name = alias.Name;
        var local = builder.Scopes.Count > 1 || _subroutineDepth > 0;
        var declared = builder.IsNameDeclared(name.Name) || FindVariable(name.Name) is not null;
        if (declared || builder.TryGetGate(name.Name, out _))
        {
            throw new DiagnosticException(Error(DiagnosticRules.Redefinition, $"'{name.Name}' is already declared", name));
        }

        if (_operands.Exists(o => builder.TryGetClassicalRegister(o.Name, out _)))
        {
            AliasBits(alias, local);
            return;
        }

        if (!builder.ResolveQubits(_operands, out var qubits))
        {
            return;
        }

        var previous = builder.BindQubitAlias(name.Name, QubitsAsRegister(name.Name, qubits) with { Span = At(name) });
        if (local)
        {
            // An alias made in a block or subroutine names its qubits until the scope ends.
            _localNames.Add((builder.Scopes.Count, name.Name, true, previous));
        }
    }

    /// <summary><c>let a = c[1:3];</c>, <c>let a = c ++ d;</c>: a name for bits that follow one another in the circuit
    /// (registers are numbered in declaration order); it reads and writes those bits, as the register's own name does.
    /// Bits that are not consecutive are refused by name.</summary>
    private void AliasBits(AliasSyntax alias, bool local)
    {
        var parts = new Stack<ExpressionSyntax>();
        parts.Push(alias.Value);
        int? start = null;
        var width = 0;
        while (parts.Count > 0)
        {
            var part = parts.Pop();
            if (part is BinarySyntax { Operator: "++" } concatenation)
            {
                parts.Push(concatenation.Right);
                parts.Push(concatenation.Left);
                continue;
            }

            var value = Evaluate(part);
            if (value.Kind == ValueKind.Unknown)
            {
                return;
            }

            if (value.Kind != ValueKind.Bits)
            {
                throw new DiagnosticException(Error(DiagnosticRules.Type, $"an alias joins qubits or bits, not {value.Described}", part));
            }

            var bits = (BitsReference)value.Payload!;
            start ??= bits.Offset;
            if (bits.Offset != start + width)
            {
                throw Unsupported("an alias of bits that do not follow one another in the circuit", part);
            }

            width += bits.Width;
        }

        var register = new Register(alias.Name.Name, width, start ?? 0) { Span = At(alias.Name) };
        var previous = builder.BindBitAlias(alias.Name.Name, register);
        if (local)
        {
            _localNames.Add((builder.Scopes.Count, alias.Name.Name, false, previous));
        }
    }

    /// <summary><c>measure q;</c>: the program keeps no result, but the measurement collapses the qubits, so its bits go to
    /// a register of its own (<c>_measured</c>, with a number where the name is taken; one per width, each measurement
    /// of that width overwriting the last), which the counts show like any other.</summary>
    private void MeasureDiscarded(MeasureArrowSyntax measure)
    {
        _operands.Clear();
        _operands.Add(ToOperand(measure.Qubit));
        if (builder.Suppressed > 0 || !builder.ResolveQubits(_operands, out var qubits))
        {
            return;
        }

        if (!_discarded.TryGetValue(qubits.Length, out var register))
        {
            var unique = "_measured";
            for (var k = 1; builder.IsNameDeclared(unique) || builder.TryGetGate(unique, out _) || FindVariable(unique) is not null; k++)
            {
                unique = string.Create(CultureInfo.InvariantCulture, $"_measured_{k}");
            }

            builder.DeclareRegister(false, unique, At(measure), qubits.Length, At(measure));
            if (!builder.TryGetClassicalRegister(unique, out register))
            {
                return;
            }

            _discarded[qubits.Length] = register;
        }

        builder.Measure(_operands[0], new Operand(register.Name, At(measure), false, 0, default), At(measure));
    }
}
