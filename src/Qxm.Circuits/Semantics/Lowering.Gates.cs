using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;
using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;
using Qxm.Circuits.Syntax;
using Qxm.Domain.Errors;

namespace Qxm.Circuits.Semantics;

/// <summary>Gate and opaque definitions: their names in the one namespace of gates and registers, parameters and qubit
/// arguments in one scope, and the body resolved once, priced by <see cref="ExpansionCost"/> when the gate is defined.</summary>
internal sealed partial class Lowering
{
    /// <summary>OpenQASM 3 statements a gate body cannot hold: a gate is a unitary, so no classical control or timing
    /// (a <c>for</c> over gate calls is allowed, and unrolled where the gate is defined).</summary>
    private static readonly FrozenSet<Type> NotInGateBody3 = FrozenSet.Create(
        typeof(WhileSyntax), typeof(SubroutineSyntax), typeof(ReturnSyntax), typeof(JumpSyntax),
        typeof(ClassicalDeclarationSyntax), typeof(BoxSyntax), typeof(DelaySyntax));

    private void DefineGate(GateDefinitionSyntax definition)
    {
        var name = definition.Name;
        var errorsBefore = builder.ErrorCount;
        var redefined = CheckGateRedefinition(name);
        var parameters = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var parameter in definition.Parameters)
        {
            AddFormal(parameters, parameter, "parameter");
        }

        var qubits = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var qubit in definition.Qubits)
        {
            if (parameters.ContainsKey(qubit.Name))
            {
                builder.Report(DiagnosticRules.Redefinition, $"qubit argument '{qubit.Name}' has the name of a parameter of the gate", At(qubit));
                qubits.TryAdd(qubit.Name, qubits.Count);
                continue;
            }

            AddFormal(qubits, qubit, "qubit argument");
        }

        if (definition.Body is not { } body)
        {
            if (!redefined)
            {
                builder.DefineGate(new GateDefinition(name.Name, GateKind.Opaque, parameters.Count, qubits.Count, [], builder.File, At(name)));
            }

            return;
        }

        var steps = ImmutableArray.CreateBuilder<GateBodyOperation>();
        _gateParameters = parameters;
        try
        {
            foreach (var statement in body.Statements)
            {
                try
                {
                    LowerGateBodyStatement(name.Name, qubits, statement, steps);
                }
                catch (DiagnosticException e)
                {
                    builder.Report(e.Diagnostic);
                }
            }
        }
        finally
        {
            _gateParameters = null;
        }

        if (redefined)
        {
            return;
        }

        var lowered = steps.ToImmutable();
        string? opaque = null;
        foreach (var step in lowered)
        {
            opaque ??= step.Gate?.Kind == GateKind.Opaque ? step.Gate.Name : step.Gate?.OpaqueDependency;
        }

        // In an embedded standard include a gate of the library's name and shape is the library gate itself.
        var kind = builder.IsLibrary && GateLibrary.TryGet(name.Name, out var signature)
            && signature.Parameters == parameters.Count && signature.Qubits == qubits.Count
                ? GateKind.Library
                : GateKind.Defined;
        builder.DefineGate(new GateDefinition(name.Name, kind, parameters.Count, qubits.Count, lowered, builder.File, At(name),
            opaque, builder.ErrorCount > errorsBefore));
    }

    private bool CheckGateRedefinition(IdentifierSyntax name)
    {
        if (builder.TryGetGate(name.Name, out _))
        {
            builder.Report(DiagnosticRules.Redefinition, $"gate '{name.Name}' is already defined", At(name));
            return true;
        }

        // Gates, opaque gates and registers share one namespace.
        if (builder.TryGetQuantumRegister(name.Name, out _) || builder.TryGetClassicalRegister(name.Name, out _))
        {
            builder.Report(DiagnosticRules.Redefinition, $"'{name.Name}' is already declared as a register", At(name));
            return true;
        }

        return false;
    }

    private void AddFormal(Dictionary<string, int> formals, IdentifierSyntax name, string what)
    {
        if (!formals.TryAdd(name.Name, formals.Count))
        {
            builder.Report(DiagnosticRules.Redefinition, $"{what} '{name.Name}' is already declared", At(name));
        }
    }

    private void LowerGateBodyStatement(string gateName, Dictionary<string, int> qubits, StatementSyntax statement, ImmutableArray<GateBodyOperation>.Builder body)
    {
        if (statement is ExpressionStatementSyntax { Expression: CallSyntax gphase })
        {
            statement = new GateCallSyntax(gphase.Span, [], gphase.Name, gphase.Arguments, null, []);
        }

        if (version >= 3 && statement is ForSyntax loop)
        {
            UnrollInGateBody(gateName, qubits, loop, body);
            return;
        }

        if (version >= 3 && statement is BlockSyntax block)
        {
            foreach (var inner in block.Statements)
            {
                LowerGateBodyStatement(gateName, qubits, inner, body);
            }

            return;
        }

        if (version >= 3 && NotInGateBody3.Contains(statement.GetType()))
        {
            throw Unsupported($"{Keyword(statement)} inside a gate body", statement);
        }

        var (call, operands) = statement switch
        {
            GateCallSyntax gateCall => (gateCall, gateCall.Qubits),
            BarrierSyntax barrier => ((GateCallSyntax?)null, barrier.Qubits),
            _ => throw new DiagnosticException(Error(DiagnosticRules.Syntax, $"{Keyword(statement)} is not allowed inside a gate body", statement)),
        };

        var modifiers = call is { Modifiers.IsEmpty: false } ? Modifiers(call) : null;
        GateDefinition? gate = null;
        ImmutableArray<Expr> parameters = [];
        if (call is not null)
        {
            parameters = [.. call.Arguments.Select(ToExpr)];
            if (!builder.TryResolveGate(call.Name.Name, At(call.Name), out gate))
            {
                var hint = version >= 3 && call.Name.Name == "CX" ? " (missing include \"stdgates.inc\"? OpenQASM 3 defines 'CX' there)" : "";
                builder.Report(DiagnosticRules.UndefinedGate, $"gate '{call.Name.Name}' is not defined{hint}", At(call.Name));
                return;
            }

            var controls = modifiers?.Controls.Length ?? 0;
            if (!builder.CheckCall(gate, At(call.Name), parameters.Length, operands.Length - controls, requireDefinition: false, controls))
            {
                return;
            }
        }

        var mapped = new int[operands.Length];
        for (var i = 0; i < mapped.Length; i++)
        {
            var operand = operands[i] switch
            {
                IdentifierSyntax identifier => identifier,
                PhysicalQubitSyntax physical => throw new DiagnosticException(Error(DiagnosticRules.Syntax,
                    $"physical qubit '${physical.Index}' cannot be used inside a gate body; use a qubit argument", physical)),
                IndexSyntax { Target: IdentifierSyntax indexed } => throw new DiagnosticException(Error(DiagnosticRules.Syntax,
                    $"qubit argument '{indexed.Name}' cannot be indexed inside a gate body", new TextSpan(indexed.Span.End, 0))),
                var other => throw new DiagnosticException(Error(DiagnosticRules.Syntax, "expected a qubit argument", other)),
            };
            if (!qubits.TryGetValue(operand.Name, out mapped[i]))
            {
                builder.Report(DiagnosticRules.UndefinedRegister, $"'{operand.Name}' is not a qubit argument of gate '{gateName}'", At(operand));
                return;
            }

            if (call is not null && Array.IndexOf(mapped, mapped[i], 0, i) >= 0)
            {
                builder.Report(DiagnosticRules.DuplicateQubit, $"qubit '{operand.Name}' is used twice in one call of gate '{call.Name.Name}'", At(operand));
                return;
            }
        }

        // The modified step is tried once below, so its size is checked first: that trial costs what a call would.
        if (modifiers is { IsNone: false } && gate is not null
            && ExpansionCost.OfModifiedCall(gate, modifiers) is var cost && cost > builder.Limits.MaxOperations)
        {
            builder.Report(DiagnosticRules.ExpansionLimit, string.Create(CultureInfo.InvariantCulture,
                $"this modified call of gate '{gate.Name}' expands to {ExpansionCost.Describe(cost)} operations, past the limit of {builder.Limits.MaxOperations:N0}"),
                At(statement));
            return;
        }

        if (modifiers is { IsNone: false } && gate is not null
            && ModifierLowering.Lower(gate, parameters, [.. Enumerable.Range(0, mapped.Length)], modifiers, At(statement), static _ => { }) is { } error)
        {
            builder.Report(DiagnosticRules.Unsupported, error, At(statement));
            return;
        }

        body.Add(new GateBodyOperation(gate, parameters, [.. mapped], modifiers is { IsNone: false } ? modifiers : null));
    }

    /// <summary>A <c>for</c> in a gate body is unrolled into the definition's steps, so a call of the gate costs what its
    /// unrolled body costs (<see cref="ExpansionCost"/>). Its range must be known where the gate is defined; each pass is
    /// charged to the loop budget before it is lowered, and the steps to the operation budget as they are made.</summary>
    private void UnrollInGateBody(string gateName, Dictionary<string, int> qubits, ForSyntax loop, ImmutableArray<GateBodyOperation>.Builder body)
    {
        var values = LoopValues(loop.Iterable)
            ?? throw Unsupported("a 'for' loop in a gate body whose range is not a constant (it cannot depend on the gate's parameters)", loop.Iterable);
        var type = loop.Type is not null && ScalarTypes.TryGetValue(loop.Type.Name, out var declared) ? declared : ClassicalType.Int;
        Action lowerBody = () => LowerGateBodyStatement(gateName, qubits, loop.Body, body);
        foreach (var value in values)
        {
            if (UnrollPass(loop, type, value, lowerBody) is not { } errors)
            {
                return;
            }

            if (body.Count > builder.Limits.MaxOperations)
            {
                throw new DiagnosticException(Error(DiagnosticRules.ExpansionLimit, string.Create(CultureInfo.InvariantCulture,
                    $"the body of gate '{gateName}' unrolls to more than {builder.Limits.MaxOperations:N0} operations"), loop));
            }

            if (builder.ErrorCount > errors)
            {
                return;
            }
        }
    }

    private static string Keyword(StatementSyntax statement) => statement switch
    {
        MeasureArrowSyntax => "'measure'",
        ResetSyntax => "'reset'",
        GateDefinitionSyntax { IsOpaque: true } => "'opaque'",
        GateDefinitionSyntax => "'gate'",
        QubitDeclarationSyntax qubits => $"'{qubits.Keyword}'",
        ClassicalDeclarationSyntax { OldStyle: true } => "'creg'",
        ClassicalDeclarationSyntax declaration => $"'{declaration.Type.Name}'",
        IncludeSyntax => "'include'",
        IfSyntax => "'if'",
        ForSyntax => "'for'",
        WhileSyntax => "'while'",
        _ => Describe(statement),
    };
}
