using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;
using Qxm.Circuits.Ir;
using Qxm.Circuits.Parsing;
using Qxm.Circuits.Syntax;
using Qxm.Domain.Backends;
using Qxm.Domain.Errors;

namespace Qxm.Circuits.Semantics;

/// <summary>Lowers statements of the syntax tree to the circuit IR through the <see cref="CircuitBuilder"/>, which holds
/// what is declared and emits operations under the expansion budgets.</summary>
internal sealed partial class Lowering(
    CircuitBuilder builder, int version, Func<string, string?>? includeResolver, Dictionary<string, string> names, Target? target)
{
    private const int MaxIncludeDepth = 16;
    private const int MaxErrors = 100;

    /// <summary>How many top-level statements are read before they are lowered.</summary>
    private const int StatementBatch = 256;

    private static readonly FrozenSet<string> Version2Functions =
        FrozenSet.Create(StringComparer.Ordinal, "sin", "cos", "tan", "exp", "ln", "sqrt");

    private static readonly FrozenSet<string> Version3Functions =
        FrozenSet.Create(StringComparer.Ordinal, "sin", "cos", "tan", "exp", "ln", "log", "sqrt", "arcsin", "arccos", "arctan");

    private readonly List<Operand> _operands = [];

    /// <summary>The gates a <c>defcal</c> calibrates; a call of one that no <c>gate</c> defines is kept verbatim as a
    /// calibration directive (pulse-level, for a target that reads calibrations) rather than refused as undefined.</summary>
    private readonly HashSet<string> _calibratedGates = new(StringComparer.Ordinal);

    /// <summary>The registers that hold the results of measurements written without a target (<c>measure q;</c>), by width.</summary>
    private readonly Dictionary<int, Register> _discarded = [];

    /// <summary>Bits declared and aliases made inside blocks and subroutines: the scope depth, the local name, whether it
    /// names qubits, and what the name meant before (null when it meant nothing).</summary>
    private readonly List<(int Depth, string Name, bool Quantum, Register? Previous)> _localNames = [];

    /// <summary>Scopes of blocks that have ended, kept for the next block: a runtime 'if' on every line would otherwise
    /// cost a dictionary a line.</summary>
    private readonly Stack<Dictionary<string, Variable>> _freeScopes = new();

    /// <summary>The file whose statements are being lowered: it turns their spans into lines and columns.</summary>
    private SourceText _source = new("", "");

    /// <summary>The parameters of the gate whose body is being lowered, by name; null outside gate bodies.</summary>
    private Dictionary<string, int>? _gateParameters;

    /// <summary>Lowers every statement the reader yields, reporting its syntax errors in order among the others.</summary>
    public void LowerAll(SyntaxParser reader, int includeDepth)
    {
        var including = _source;
        _source = reader.Source;
        try
        {
            LowerEach(reader, includeDepth);
        }
        finally
        {
            _source = including;
        }
    }

    /// <summary>Reads statements a batch at a time and lowers each, reporting the syntax errors read before a statement
    /// ahead of it, as if they were read one by one. A batch, not one statement: the operations that lowering a batch
    /// makes then lie together in memory, not each between its statement's dead syntax nodes, and the garbage collector
    /// moves them in a few blocks instead of one by one (docs/decisions/0018, round of 2026-12-08).</summary>
    private void LowerEach(SyntaxParser reader, int includeDepth)
    {
        var reported = 0;
        var batch = new List<(StatementSyntax Statement, int Diagnostics)>(StatementBatch);
        do
        {
            batch.Clear();
            while (batch.Count < StatementBatch && reader.ReadStatement() is { } read)
            {
                batch.Add((read, reader.Diagnostics.Count));
            }

            foreach (var (statement, diagnostics) in batch)
            {
                if (builder.ErrorCount >= MaxErrors)
                {
                    return;
                }

                ReportReadUpTo(diagnostics);
                try
                {
                    Lower(statement, includeDepth);
                }
                catch (DiagnosticException e)
                {
                    builder.Report(e.Diagnostic);
                }
            }
        }
        while (batch.Count == StatementBatch);

        if (builder.ErrorCount < MaxErrors)
        {
            ReportReadUpTo(reader.Diagnostics.Count);
        }

        // The syntax errors read so far, up to the one read with the statement at hand.
        void ReportReadUpTo(int count)
        {
            for (; reported < count; reported++)
            {
                builder.Report(reader.Diagnostics[reported]);
            }
        }
    }

    private void Lower(StatementSyntax statement, int includeDepth = 0)
    {
        switch (statement)
        {
            case IncludeSyntax include:
                LowerInclude(include, includeDepth);
                break;
            case QubitDeclarationSyntax qubits:
                RequireGlobal(qubits, qubits.Keyword);
                var (size, sizeSpan) = Size(qubits.Size, qubits.Span);
                builder.DeclareRegister(true, qubits.Name.Name, At(qubits.Name), size, sizeSpan);
                if (qubits.Size is null && version >= 3)
                {
                    builder.MarkScalarQubit(qubits.Name.Name);
                }
                break;
            case ClassicalDeclarationSyntax declaration:
                LowerDeclaration(declaration);
                break;
            case GateDefinitionSyntax gate:
                DefineGate(gate);
                break;
            case GateCallSyntax call:
                LowerGateCall(call);
                break;
            case MeasureArrowSyntax { Target: null } measure:
                MeasureDiscarded(measure);
                break;
            case MeasureArrowSyntax measure:
                if ((measure.Target as IdentifierSyntax ?? (measure.Target as IndexSyntax)?.Target as IdentifierSyntax) is { } named
                    && FindVariable(named.Name) is { } variable && !TryMakeAngleBits(variable, measure.Target))
                {
                    throw Unsupported($"storing a measurement in {Article(variable.Type.ToString())} '{variable.Type.ToString().ToLowerInvariant()}' variable (declare a 'bit' instead)", measure.Target);
                }

                builder.Measure(ToOperand(measure.Qubit), ToOperand(measure.Target), At(measure));
                break;
            case AssignmentSyntax assignment:
                LowerAssignment(assignment);
                break;
            case ResetSyntax reset:
                builder.Reset(ToOperand(reset.Qubit), At(reset));
                break;
            case BarrierSyntax barrier:
                _operands.Clear();
                foreach (var qubit in barrier.Qubits)
                {
                    _operands.Add(ToOperand(qubit));
                }

                builder.Barrier(_operands, At(barrier));
                break;
            case DirectiveSyntax directive:
                builder.AddDirective(directive.IsPragma ? DirectiveKind.Pragma : DirectiveKind.Annotation, directive.Text, At(directive));
                break;
            case IfSyntax conditional:
                LowerIf(conditional);
                break;
            case ForSyntax loop:
                LowerFor(loop);
                break;
            case BlockSyntax block:
                LowerScoped(block);
                break;
            case DelaySyntax delay:
                LowerDelay(delay);
                break;
            case BoxSyntax box:
                LowerBox(box);
                break;
            case WhileSyntax loop:
                LowerWhile(loop);
                break;
            case JumpSyntax jump:
                LowerJump(jump);
                break;
            case ReturnSyntax result:
                LowerReturn(result);
                break;
            case SwitchSyntax switchStatement:
                LowerSwitch(switchStatement);
                break;
            case AliasSyntax alias:
                LowerAlias(alias);
                break;
            case ExternSyntax external:
                DeclareExtern(external);
                break;
            case SubroutineSyntax subroutine:
                DefineSubroutine(subroutine);
                break;
            case ExpressionStatementSyntax { Expression: CallSyntax call }:
                LowerCallStatement(call);
                break;
            case ExpressionStatementSyntax expression:
                LowerDiscardedExpression(expression);
                break;
            case CalibrationSyntax calibration:
                // A 'cal' block may stand in any block (a loop that steps a frame's frequency); 'defcal' is global.
                if (calibration.Keyword == "defcal")
                {
                    RequireGlobal(calibration, calibration.Keyword);
                    if (calibration.Target is { } calibrated)
                    {
                        _calibratedGates.Add(calibrated);
                    }
                }

                builder.AddDirective(DirectiveKind.Calibration, calibration.Text, At(calibration));
                break;
            case CalibrationGrammarSyntax grammar:
                RequireGlobal(grammar, "defcalgrammar");
                builder.AddDirective(DirectiveKind.Calibration, _source.Text.Substring(grammar.Span.Start, grammar.Span.Length), At(grammar));
                break;
            case NopSyntax nop:
                throw Unsupported("'nop' instruction", nop);
            default:
                throw Unsupported($"{Describe(statement)}", statement);
        }
    }

    private void LowerInclude(IncludeSyntax include, int includeDepth)
    {
        var at = At(include);
        var span = at with { Column = at.Column + "include ".Length };
        if (!builder.MarkIncluded(include.File))
        {
            builder.Report(DiagnosticRules.Redefinition, $"'{include.File}' is already included", span);
            return;
        }

        if (LibraryIncludes.TryGet(include.File, out var gates))
        {
            builder.AddLibraryGates(include.File, gates);
            return;
        }

        var text = includeResolver?.Invoke(include.File);
        if (text is null)
        {
            builder.Report(DiagnosticRules.IncludeNotFound, $"include file '{include.File}' was not found", span);
            return;
        }

        if (includeDepth >= MaxIncludeDepth)
        {
            builder.Report(DiagnosticRules.Unsupported, $"includes nested more than {MaxIncludeDepth} deep are not supported", span);
            return;
        }

        var saved = builder.File;
        builder.File = include.File;
        try
        {
            LowerAll(SyntaxParser.OpenInclude(text, include.File, version, names), includeDepth + 1);
        }
        finally
        {
            builder.File = saved;
        }
    }

    /// <summary><c>a == b;</c> or <c>a &lt;&lt; 1;</c>: the value is discarded, but the expression is checked like any
    /// other (names, types). An operation on measured bits that no run-time value could hold is not refused here, since
    /// nothing keeps its value.</summary>
    private void LowerDiscardedExpression(ExpressionStatementSyntax statement)
    {
        try
        {
            Evaluate(statement.Expression);
        }
        catch (DiagnosticException e) when (e.Diagnostic.Rule == DiagnosticRules.Unsupported && ReadsMeasuredBits(statement.Expression))
        {
            // Nothing to run: the value of a discarded expression on bits changes no state.
        }
    }

    private bool ReadsMeasuredBits(ExpressionSyntax expression) => SyntaxWalker.DescendantsAndSelf(expression).OfType<IdentifierSyntax>()
        .Any(n => FindVariable(n.Name) is null && builder.TryGetClassicalRegister(n.Name, out _));

    /// <summary><c>f(q);</c> calls a subroutine; <c>gphase(pi);</c> is a gate call on no qubits.</summary>
    private void LowerCallStatement(CallSyntax call)
    {
        if (_subroutines.ContainsKey(call.Name.Name) || builder.Externs.Contains(call.Name.Name) || !builder.TryGetGate(call.Name.Name, out _))
        {
            Evaluate(call);
            return;
        }

        LowerGateCall(new GateCallSyntax(call.Span, [], call.Name, call.Arguments, null, []));
    }

    private void LowerIf(IfSyntax conditional)
    {
        if (version == 2)
        {
            if (conditional.Condition is not BinarySyntax { Operator: "==", Left: IdentifierSyntax register, Right: LiteralSyntax { Kind: LiteralKind.Integer } value })
            {
                throw new DiagnosticException(Error(DiagnosticRules.Syntax, "expected a classical register, '==' and an integer in an OpenQASM 2 'if'", conditional.Condition));
            }

            if (conditional.Then is not (GateCallSyntax or MeasureArrowSyntax or ResetSyntax))
            {
                throw new DiagnosticException(Error(DiagnosticRules.Syntax,
                    $"expected a gate call, 'measure' or 'reset' after 'if (...)' but found {Keyword(conditional.Then)}", conditional.Then));
            }

            builder.BeginCondition(register.Name, At(register), ConstInteger(value, "an integer"), At(conditional));
            try
            {
                Lower(conditional.Then);
            }
            finally
            {
                builder.EndCondition();
            }

            return;
        }

        var condition = Evaluate(conditional.Condition);
        if (builder.Suppressed > 0 || condition.Kind == ValueKind.Unknown)
        {
            LowerSuppressed(conditional.Then);
            if (conditional.Else is not null)
            {
                LowerSuppressed(conditional.Else);
            }

            return;
        }

        if (condition.Kind != ValueKind.Bool)
        {
            LowerRuntimeIf(conditional, condition);
            return;
        }

        var taken = condition.Integer != 0 ? conditional.Then : conditional.Else;
        var skipped = condition.Integer != 0 ? conditional.Else : conditional.Then;
        if (taken is not null)
        {
            LowerScoped(taken);
        }

        if (skipped is not null)
        {
            // The branch not taken is still checked, and emits nothing.
            builder.Suppressed++;
            try
            {
                LowerScoped(skipped);
            }
            finally
            {
                builder.Suppressed--;
            }
        }
    }

    /// <summary>A block or a single statement in its own scope.</summary>
    private void LowerScoped(StatementSyntax statement)
    {
        var scope = _freeScopes.Count > 0 ? _freeScopes.Pop() : new Dictionary<string, Variable>(StringComparer.Ordinal);
        builder.Scopes.Add(scope);
        var mark = _localNames.Count;
        try
        {
            if (statement is BlockSyntax block)
            {
                // A mistake inside a block ends the block, as it ends a top-level statement: one mistake, one diagnostic.
                foreach (var inner in block.Statements)
                {
                    Lower(inner);
                }
            }
            else
            {
                Lower(statement);
            }
        }
        finally
        {
            UnbindLocalNames(mark);
            builder.Scopes.RemoveAt(builder.Scopes.Count - 1);
            scope.Clear();
            _freeScopes.Push(scope);
        }
    }

    /// <summary>Gives the names of bits and aliases made in a scope (those after <paramref name="mark"/>) back to what
    /// they meant before it, as the scope ends.</summary>
    private void UnbindLocalNames(int mark)
    {
        for (var i = _localNames.Count - 1; i >= mark; i--)
        {
            var (_, name, quantum, previous) = _localNames[i];
            if (quantum)
            {
                builder.BindQubitAlias(name, previous);
            }
            else
            {
                builder.BindBitAlias(name, previous);
            }

            _localNames.RemoveAt(i);
        }
    }

    private void RequireGlobal(StatementSyntax statement, string keyword)
    {
        if (builder.Scopes.Count > 1)
        {
            throw new DiagnosticException(Error(DiagnosticRules.Syntax, $"'{keyword}' declarations are only allowed in the global scope", statement));
        }
    }

    private (long Size, SourceSpan Span) Size(ExpressionSyntax? size, TextSpan declaration)
    {
        if (size is null)
        {
            return (1, _source.Locate(declaration.Start));
        }

        if (version >= 3 && SyntaxWalker.DescendantsAndSelf(size).OfType<IdentifierSyntax>()
                .FirstOrDefault(n => FindVariable(n.Name) is { IsConstant: false }) is { } variable)
        {
            // The specification makes a register's size a compile-time constant, even where the value is known here.
            throw new DiagnosticException(Error(DiagnosticRules.Type, $"a register size must be a 'const' value, and '{variable.Name}' is not 'const'", variable));
        }

        return (ConstInteger(size, "a register size"), At(size));
    }

    private SourceSpan At(SyntaxNode node) => _source.Locate(node.Span.Start);

    /// <summary>The position of a node's last character: a statement's ';'.</summary>
    private static TextSpan LastCharacter(SyntaxNode node) => new(node.Span.End - 1, 1);

    private Diagnostic Error(string rule, string message, TextSpan at)
    {
        var (line, column) = _source.Locate(at.Start);
        return new(rule, message, builder.File, line, column);
    }

    private Diagnostic Error(string rule, string message, SyntaxNode at) => Error(rule, message, at.Span);

    private DiagnosticException Unsupported(string construct, SyntaxNode at) =>
        new(Error(DiagnosticRules.Unsupported, $"{construct} is not supported", at));

    private static string Describe(StatementSyntax statement) => statement switch
    {
        WhileSyntax => "'while'",
        SwitchSyntax => "'switch'",
        SubroutineSyntax => "'def'",
        ExternSyntax => "'extern'",
        AliasSyntax => "'let'",
        DelaySyntax => "'delay'",
        BoxSyntax => "'box'",
        NopSyntax => "'nop'",
        JumpSyntax jump => $"'{jump.Keyword}'",
        ReturnSyntax => "'return'",
        CalibrationGrammarSyntax => "'defcalgrammar'",
        CalibrationSyntax calibration => $"'{calibration.Keyword}'",
        ExpressionStatementSyntax => "a call as a statement",
        BarrierSyntax => "'barrier'",
        GateCallSyntax call => $"'{call.Name.Name}'",
        IfSyntax => "'if'",
        BlockSyntax => "'{'",
        _ => statement.GetType().Name,
    };
}
