using System.Collections.Immutable;
using System.Text;

namespace Qxm.Circuits.Syntax;

/// <summary>Prints a syntax tree back as OpenQASM that the syntax stage reads to the same tree: every binary expression
/// in parentheses, so that precedence never depends on the printer. The grammar-aware fuzzer prints mutated trees
/// with it; a program that reads back prints the same text again.</summary>
internal sealed class SyntaxWriter
{
    private readonly StringBuilder _text = new();
    private readonly int _version;
    private int _indent;

    private SyntaxWriter(int version) => _version = version;

    public static string Write(ProgramSyntax program)
    {
        ArgumentNullException.ThrowIfNull(program);
        var writer = new SyntaxWriter(program.LanguageVersion);
        if (program.Version is { } version)
        {
            writer.Line($"OPENQASM {version.Number};");
        }

        foreach (var statement in program.Statements)
        {
            writer.Statement(statement);
        }

        return writer._text.ToString();
    }

    public static string Write(ExpressionSyntax expression, int version = 3)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return new SyntaxWriter(version).Expression(expression);
    }

    private void Line(string text) => _text.Append(' ', 2 * _indent).Append(text).Append('\n');

    private void Statement(StatementSyntax statement)
    {
        switch (statement)
        {
            case VersionSyntax version:
                Line($"OPENQASM {version.Number};");
                break;
            case IncludeSyntax include:
                Line($"include \"{include.File}\";");
                break;
            case BlockSyntax block:
                Block("", block);
                break;
            case DirectiveSyntax directive:
                Line(directive.IsPragma ? $"pragma {directive.Text}" : directive.Text);
                break;
            case QubitDeclarationSyntax qubits:
                Line(qubits.Keyword == "qreg"
                    ? $"qreg {qubits.Name.Name}[{Optional(qubits.Size)}];"
                    : qubits.Size is null ? $"qubit {qubits.Name.Name};" : $"qubit[{Expression(qubits.Size)}] {qubits.Name.Name};");
                break;
            case ClassicalDeclarationSyntax { OldStyle: true } bits:
                Line($"{(_version == 2 ? "creg" : "bit")} {bits.Name.Name}[{Optional(bits.Type.Size)}]{Initializer(bits.Initializer)};");
                break;
            case ClassicalDeclarationSyntax declaration:
                var modifier = declaration.Modifier switch
                {
                    DeclarationModifier.Const => "const ",
                    DeclarationModifier.Input => "input ",
                    DeclarationModifier.Output => "output ",
                    _ => "",
                };
                Line($"{modifier}{Type(declaration.Type)} {declaration.Name.Name}{Initializer(declaration.Initializer)};");
                break;
            case AliasSyntax alias:
                Line($"let {alias.Name.Name} = {Expression(alias.Value)};");
                break;
            case GateDefinitionSyntax gate:
                var parameters = gate.Parameters.IsEmpty && gate.IsOpaque ? "" : $"({Names(gate.Parameters)})";
                var header = $"{(gate.IsOpaque ? "opaque" : "gate")} {gate.Name.Name}{parameters} {Names(gate.Qubits)}";
                if (gate.Body is { } body)
                {
                    Block(header + " ", body);
                }
                else
                {
                    Line(header + ";");
                }

                break;
            case SubroutineSyntax subroutine:
                var arguments = string.Join(", ", subroutine.Parameters.Select(p => $"{(p.Access is null ? "" : p.Access + " ")}{Type(p.Type)} {p.Name.Name}"));
                Block($"def {subroutine.Name.Name}({arguments}){Returns(subroutine.ReturnType)} ", subroutine.Body);
                break;
            case ExternSyntax external:
                Line($"extern {external.Name.Name}({string.Join(", ", external.Parameters.Select(Type))}){Returns(external.ReturnType)};");
                break;
            case GateCallSyntax call:
                var modifiers = string.Concat(call.Modifiers.Select(m => m.Argument is null ? $"{m.Keyword} @ " : $"{m.Keyword}({Expression(m.Argument)}) @ "));
                var callArguments = call.Arguments.IsEmpty ? "" : $"({List(call.Arguments)})";
                var duration = call.Duration is null ? "" : $"[{Expression(call.Duration)}]";
                Line($"{modifiers}{call.Name.Name}{callArguments}{duration}{Operands(call.Qubits)};");
                break;
            case MeasureArrowSyntax measure:
                Line(measure.Target is null ? $"measure {Expression(measure.Qubit)};" : $"measure {Expression(measure.Qubit)} -> {Expression(measure.Target)};");
                break;
            case AssignmentSyntax assignment:
                Line($"{StatementStart(assignment.Target)} {assignment.Operator} {Expression(assignment.Value)};");
                break;
            case ResetSyntax reset:
                Line($"reset {Expression(reset.Qubit)};");
                break;
            case BarrierSyntax barrier:
                Line($"barrier{Operands(barrier.Qubits)};");
                break;
            case NopSyntax nop:
                Line($"nop{Operands(nop.Qubits)};");
                break;
            case DelaySyntax delay:
                Line($"delay[{Expression(delay.Duration)}]{Operands(delay.Qubits)};");
                break;
            case BoxSyntax box:
                Block(box.Duration is null ? "box " : $"box[{Expression(box.Duration)}] ", box.Body);
                break;
            case IfSyntax conditional:
                Body($"if ({Expression(conditional.Condition)})", conditional.Then);
                if (conditional.Else is { } otherwise)
                {
                    Body("else", otherwise);
                }

                break;
            case ForSyntax loop:
                var iterable = loop.Iterable is RangeSyntax range ? $"[{Expression(range)}]" : Expression(loop.Iterable);
                Body($"for {(loop.Type is null ? "" : Type(loop.Type) + " ")}{loop.Variable.Name} in {iterable}", loop.Body);
                break;
            case WhileSyntax loop:
                Body($"while ({Expression(loop.Condition)})", loop.Body);
                break;
            case SwitchSyntax switchStatement:
                Line($"switch ({Expression(switchStatement.Subject)}) {{");
                _indent++;
                foreach (var label in switchStatement.Cases)
                {
                    Block(label.IsDefault ? "default " : $"case {List(label.Values)} ", label.Body);
                }

                _indent--;
                Line("}");
                break;
            case JumpSyntax jump:
                Line($"{jump.Keyword};");
                break;
            case ReturnSyntax result:
                Line(result.Value is null ? "return;" : $"return {Expression(result.Value)};");
                break;
            case ExpressionStatementSyntax expression:
                Line($"{Expression(expression.Expression)};");
                break;
            case CalibrationGrammarSyntax grammar:
                Line($"defcalgrammar \"{grammar.Grammar}\";");
                break;
            case CalibrationSyntax calibration:
                Line(calibration.Text);
                break;
            default:
                throw new InvalidOperationException($"no printer for {statement.GetType().Name}");
        }
    }

    /// <summary>The body of a control statement: a block on the same line, or one statement indented below.</summary>
    private void Body(string header, StatementSyntax body)
    {
        if (body is BlockSyntax block)
        {
            Block(header + " ", block);
            return;
        }

        Line(header);
        _indent++;
        Statement(body);
        _indent--;
    }

    private void Block(string header, BlockSyntax block)
    {
        Line(header + "{");
        _indent++;
        foreach (var statement in block.Statements)
        {
            Statement(statement);
        }

        _indent--;
        Line("}");
    }

    private string Initializer(ExpressionSyntax? value) => value is null ? "" : $" = {Expression(value)}";

    private string Returns(TypeSyntax? type) => type is null ? "" : $" -> {Type(type)}";

    private string Optional(ExpressionSyntax? expression) => expression is null ? "" : Expression(expression);

    private static string Names(ImmutableArray<IdentifierSyntax> names) => string.Join(", ", names.Select(n => n.Name));

    /// <summary>An assignment's target, in parentheses when it starts with a literal: the parser read <c>(1)[0] = ...</c>
    /// (and refuses it later), but a statement cannot start with a number or a keyword literal.</summary>
    private string StatementStart(ExpressionSyntax target)
    {
        var first = target;
        while (first is IndexSyntax index)
        {
            first = index.Target;
        }

        return first is IdentifierSyntax or PhysicalQubitSyntax or CallSyntax ? Expression(target) : $"({Expression(target)})";
    }

    private string List(ImmutableArray<ExpressionSyntax> expressions) => string.Join(", ", expressions.Select(Expression));

    private string Operands(ImmutableArray<ExpressionSyntax> operands) => operands.IsEmpty ? "" : " " + List(operands);

    private string Type(TypeSyntax type)
    {
        if (type.IsArray)
        {
            var dimensions = type.DimensionCount is { } count ? $"#dim={Expression(count)}" : List(type.Dimensions);
            return $"array[{Type(type.Element!)}, {dimensions}]";
        }

        if (type.Element is { } element)
        {
            return $"{type.Name}[{Type(element)}]";
        }

        return type.Size is null ? type.Name : $"{type.Name}[{Expression(type.Size)}]";
    }

    private string Expression(ExpressionSyntax expression) => expression switch
    {
        LiteralSyntax { Kind: LiteralKind.BitString } bits => $"\"{bits.Text}\"",
        LiteralSyntax literal => literal.Text,
        IdentifierSyntax identifier => identifier.Name,
        PhysicalQubitSyntax qubit => $"${qubit.Index}",
        UnarySyntax unary => $"{unary.Operator}({Expression(unary.Operand)})",
        BinarySyntax { Operator: "**" } power when _version == 2 => $"({Expression(power.Left)} ^ {Expression(power.Right)})",
        BinarySyntax binary => $"({Expression(binary.Left)} {binary.Operator} {Expression(binary.Right)})",
        CallSyntax call => $"{call.Name.Name}({List(call.Arguments)})",
        CastSyntax cast => $"{Type(cast.Type)}({Expression(cast.Operand)})",
        IndexSyntax index => index.MoreIndices.IsEmpty
            ? $"{Expression(index.Target)}[{Expression(index.Index)}]"
            : $"{Expression(index.Target)}[{Expression(index.Index)}, {List(index.MoreIndices)}]",
        RangeSyntax range => range.Step is null
            ? $"{Optional(range.Start)}:{Optional(range.End)}"
            : $"{Optional(range.Start)}:{Expression(range.Step)}:{Optional(range.End)}",
        SetSyntax set => $"{{{List(set.Items)}}}",
        DurationOfSyntax duration => $"durationof({Inline(duration.Block)})",
        MeasureSyntax measure => $"measure {Expression(measure.Operand)}",
        _ => throw new InvalidOperationException($"no printer for {expression.GetType().Name}"),
    };

    private string Inline(BlockSyntax block)
    {
        var writer = new SyntaxWriter(_version);
        writer.Block("", block);
        return writer._text.ToString().TrimEnd('\n');
    }
}
