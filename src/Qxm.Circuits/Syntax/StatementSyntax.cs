using System.Collections.Immutable;

namespace Qxm.Circuits.Syntax;

/// <summary>A statement. Quantum statements, classical statements and control flow of OpenQASM 2 and 3 share these
/// nodes where the languages agree (<c>qreg q[2];</c> and <c>qubit[2] q;</c> are both a <see cref="QubitDeclarationSyntax"/>).</summary>
internal abstract record StatementSyntax(TextSpan Span) : SyntaxNode(Span);

/// <summary>A whole file: its version statement (absent: OpenQASM 3) and its statements.</summary>
internal sealed record ProgramSyntax(TextSpan Span, VersionSyntax? Version, ImmutableArray<StatementSyntax> Statements) : SyntaxNode(Span)
{
    /// <summary>2 or 3: the specification makes the version statement optional, and a program without one is OpenQASM 3.</summary>
    public int LanguageVersion => Version?.Major ?? 3;
}

internal sealed record VersionSyntax(TextSpan Span, string Number, int Major) : StatementSyntax(Span);

internal sealed record IncludeSyntax(TextSpan Span, string File) : StatementSyntax(Span);

/// <summary><c>{ ... }</c>: a block, with its own scope in OpenQASM 3.</summary>
internal sealed record BlockSyntax(TextSpan Span, ImmutableArray<StatementSyntax> Statements) : StatementSyntax(Span);

/// <summary><c>#pragma ...</c>, <c>pragma ...</c> or an annotation <c>@name ...</c>, to the end of its line, kept as written.</summary>
/// <param name="Text">For a pragma, what follows the keyword; for an annotation, the whole line from <c>@</c>.</param>
internal sealed record DirectiveSyntax(TextSpan Span, bool IsPragma, string Text) : StatementSyntax(Span);

/// <summary><c>qreg q[2];</c>, <c>qubit q;</c>, <c>qubit[2] q;</c> or the early form <c>qubit q[2];</c>.</summary>
/// <param name="Keyword"><c>qreg</c> or <c>qubit</c>, so that the tree prints back as written.</param>
internal sealed record QubitDeclarationSyntax(TextSpan Span, string Keyword, IdentifierSyntax Name, ExpressionSyntax? Size) : StatementSyntax(Span);

internal enum DeclarationModifier
{
    None,
    Const,
    Input,
    Output,
}

/// <summary>A classical variable, register or array: <c>creg c[2];</c>, <c>bit[2] c;</c>, <c>const int n = 4;</c>,
/// <c>input float theta;</c>, <c>array[int[8], 4] a = {1, 2, 3, 4};</c>.</summary>
/// <param name="OldStyle">Written <c>creg c[2];</c> or <c>bit c[2];</c>: the size follows the name.</param>
internal sealed record ClassicalDeclarationSyntax(
    TextSpan Span,
    DeclarationModifier Modifier,
    TypeSyntax Type,
    IdentifierSyntax Name,
    ExpressionSyntax? Initializer,
    bool OldStyle = false) : StatementSyntax(Span);

/// <summary><c>let a = q[0:1] ++ r;</c></summary>
internal sealed record AliasSyntax(TextSpan Span, IdentifierSyntax Name, ExpressionSyntax Value) : StatementSyntax(Span);

/// <summary><c>gate name(params) qubits { body }</c>, or <c>opaque name(params) qubits;</c> (no body).</summary>
internal sealed record GateDefinitionSyntax(
    TextSpan Span,
    IdentifierSyntax Name,
    ImmutableArray<IdentifierSyntax> Parameters,
    ImmutableArray<IdentifierSyntax> Qubits,
    BlockSyntax? Body) : StatementSyntax(Span)
{
    public bool IsOpaque => Body is null;
}

/// <summary>A subroutine argument: <c>int[32] n</c>, <c>qubit[2] q</c>, <c>readonly array[int[8], 3] a</c>.</summary>
/// <param name="Access"><c>readonly</c> or <c>mutable</c> for an array, null otherwise.</param>
internal sealed record ParameterSyntax(TextSpan Span, string? Access, TypeSyntax Type, IdentifierSyntax Name) : SyntaxNode(Span);

internal sealed record SubroutineSyntax(
    TextSpan Span,
    IdentifierSyntax Name,
    ImmutableArray<ParameterSyntax> Parameters,
    TypeSyntax? ReturnType,
    BlockSyntax Body) : StatementSyntax(Span);

/// <summary><c>extern name(int[32], float[64]) -> bit;</c>: a function the backend provides.</summary>
internal sealed record ExternSyntax(TextSpan Span, IdentifierSyntax Name, ImmutableArray<TypeSyntax> Parameters, TypeSyntax? ReturnType) : StatementSyntax(Span);

/// <summary>A gate modifier: <c>inv</c>, <c>pow(k)</c>, <c>ctrl</c>, <c>ctrl(n)</c>, <c>negctrl(n)</c>.</summary>
internal sealed record ModifierSyntax(TextSpan Span, string Keyword, ExpressionSyntax? Argument) : SyntaxNode(Span);

/// <summary><c>ctrl @ rx(theta)[100ns] q[0], q[1];</c>. OpenQASM 2's <c>U</c> and <c>CX</c> are calls like any other.</summary>
/// <param name="Duration">The duration designator of a timed gate, when written.</param>
internal sealed record GateCallSyntax(
    TextSpan Span,
    ImmutableArray<ModifierSyntax> Modifiers,
    IdentifierSyntax Name,
    ImmutableArray<ExpressionSyntax> Arguments,
    ExpressionSyntax? Duration,
    ImmutableArray<ExpressionSyntax> Qubits) : StatementSyntax(Span);

/// <summary><c>measure q -> c;</c>, or <c>measure q;</c> (no target) in OpenQASM 3.</summary>
internal sealed record MeasureArrowSyntax(TextSpan Span, ExpressionSyntax Qubit, ExpressionSyntax? Target) : StatementSyntax(Span);

/// <param name="Operator"><c>=</c> or a compound operator (<c>+=</c>, <c>&lt;&lt;=</c>, ...).</param>
internal sealed record AssignmentSyntax(TextSpan Span, ExpressionSyntax Target, string Operator, ExpressionSyntax Value, TextSpan OperatorSpan) : StatementSyntax(Span);

internal sealed record ResetSyntax(TextSpan Span, ExpressionSyntax Qubit) : StatementSyntax(Span);

/// <summary><c>barrier q;</c>, or <c>barrier;</c> (all qubits) in OpenQASM 3.</summary>
internal sealed record BarrierSyntax(TextSpan Span, ImmutableArray<ExpressionSyntax> Qubits) : StatementSyntax(Span);

internal sealed record DelaySyntax(TextSpan Span, ExpressionSyntax Duration, ImmutableArray<ExpressionSyntax> Qubits) : StatementSyntax(Span);

internal sealed record BoxSyntax(TextSpan Span, ExpressionSyntax? Duration, BlockSyntax Body) : StatementSyntax(Span);

/// <summary><c>nop q;</c>: a quantum instruction that does nothing, kept so that the qubits count as used.</summary>
internal sealed record NopSyntax(TextSpan Span, ImmutableArray<ExpressionSyntax> Qubits) : StatementSyntax(Span);

/// <summary>OpenQASM 3's <c>if (cond) stmt else stmt</c> and OpenQASM 2's <c>if (c == n) op</c> (its condition a
/// <see cref="BinarySyntax"/> <c>==</c>).</summary>
internal sealed record IfSyntax(TextSpan Span, ExpressionSyntax Condition, StatementSyntax Then, StatementSyntax? Else) : StatementSyntax(Span);

/// <param name="Type">The loop variable's type, when written.</param>
/// <param name="Iterable">A <see cref="RangeSyntax"/>, a <see cref="SetSyntax"/> or an expression (an array or register).</param>
internal sealed record ForSyntax(TextSpan Span, TypeSyntax? Type, IdentifierSyntax Variable, ExpressionSyntax Iterable, StatementSyntax Body) : StatementSyntax(Span);

internal sealed record WhileSyntax(TextSpan Span, ExpressionSyntax Condition, StatementSyntax Body) : StatementSyntax(Span);

/// <param name="Values">The case's values; empty for <c>default</c>.</param>
internal sealed record CaseSyntax(TextSpan Span, ImmutableArray<ExpressionSyntax> Values, BlockSyntax Body) : SyntaxNode(Span)
{
    public bool IsDefault => Values.IsEmpty;
}

internal sealed record SwitchSyntax(TextSpan Span, ExpressionSyntax Subject, ImmutableArray<CaseSyntax> Cases) : StatementSyntax(Span);

/// <summary><c>break;</c>, <c>continue;</c> or <c>end;</c>.</summary>
internal sealed record JumpSyntax(TextSpan Span, string Keyword) : StatementSyntax(Span);

internal sealed record ReturnSyntax(TextSpan Span, ExpressionSyntax? Value) : StatementSyntax(Span);

/// <summary>An expression used as a statement: a subroutine call <c>f(q);</c>, or a bare <c>gphase(pi);</c>.</summary>
internal sealed record ExpressionStatementSyntax(TextSpan Span, ExpressionSyntax Expression) : StatementSyntax(Span);

internal sealed record CalibrationGrammarSyntax(TextSpan Span, string Grammar) : StatementSyntax(Span);

/// <summary>A <c>cal { ... }</c> or <c>defcal ... { ... }</c> block, kept verbatim: its body is in the calibration
/// grammar (e.g. OpenPulse), which only a backend that accepts pulse-level calibration reads.</summary>
/// <param name="Keyword"><c>cal</c> or <c>defcal</c>.</param>
/// <param name="Target">For <c>defcal</c>, the gate or <c>measure</c>/<c>reset</c>/<c>delay</c> it calibrates.</param>
/// <param name="Text">The whole statement as written, from the keyword to the closing brace.</param>
internal sealed record CalibrationSyntax(TextSpan Span, string Keyword, string? Target, string Text) : StatementSyntax(Span);
