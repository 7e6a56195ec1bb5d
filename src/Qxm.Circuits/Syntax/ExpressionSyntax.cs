using System.Collections.Immutable;

namespace Qxm.Circuits.Syntax;

/// <summary>An expression of the one expression grammar that OpenQASM 2 and 3 share (OpenQASM 2's <c>^</c> is
/// read as the power operator <c>**</c>).</summary>
internal abstract record ExpressionSyntax(TextSpan Span) : SyntaxNode(Span);

internal enum LiteralKind
{
    Integer,
    Float,
    Imaginary,
    Boolean,

    /// <summary>A bit string such as <c>"0110"</c>.</summary>
    BitString,

    /// <summary>A number with a time unit (<c>ns</c>, <c>us</c>, <c>µs</c>, <c>ms</c>, <c>s</c>, <c>dt</c>).</summary>
    Duration,
}

/// <param name="Text">The literal as written (for a duration, the number and unit together; for a bit string, the bits
/// without quotes).</param>
internal sealed record LiteralSyntax(TextSpan Span, LiteralKind Kind, string Text) : ExpressionSyntax(Span);

internal sealed record IdentifierSyntax(TextSpan Span, string Name) : ExpressionSyntax(Span);

/// <summary>A physical qubit <c>$n</c>.</summary>
internal sealed record PhysicalQubitSyntax(TextSpan Span, int Index) : ExpressionSyntax(Span);

/// <param name="Operator">One of <c>- ! ~</c>.</param>
internal sealed record UnarySyntax(TextSpan Span, string Operator, ExpressionSyntax Operand) : ExpressionSyntax(Span);

/// <param name="Operator">As written in OpenQASM 3 (<c>**</c> for a power, <c>++</c> for register concatenation).</param>
/// <param name="OperatorSpan">Where the operator is, for diagnostics about the operation (division by zero).</param>
internal sealed record BinarySyntax(TextSpan Span, string Operator, ExpressionSyntax Left, ExpressionSyntax Right, TextSpan OperatorSpan) : ExpressionSyntax(Span);

/// <summary>A call of a built-in function (<c>sin</c>, <c>sizeof</c>, ...), a subroutine or an extern.</summary>
internal sealed record CallSyntax(TextSpan Span, IdentifierSyntax Name, ImmutableArray<ExpressionSyntax> Arguments) : ExpressionSyntax(Span);

/// <summary>A cast written as a type applied to a value: <c>int[8](x)</c>.</summary>
internal sealed record CastSyntax(TextSpan Span, TypeSyntax Type, ExpressionSyntax Operand) : ExpressionSyntax(Span);

/// <summary>An index <c>a[i]</c>, a multi-dimensional index <c>a[i, j]</c>, a slice <c>q[0:2]</c> or a set <c>q[{0, 2}]</c>.</summary>
/// <param name="Index">The first (most often the only) index.</param>
/// <param name="MoreIndices">The further dimensions of a multi-dimensional index; empty otherwise, so that the common
/// <c>q[0]</c> costs no array.</param>
internal sealed record IndexSyntax(TextSpan Span, ExpressionSyntax Target, ExpressionSyntax Index, ImmutableArray<ExpressionSyntax> MoreIndices) : ExpressionSyntax(Span);

/// <summary>A range <c>start:end</c> or <c>start:step:end</c>, the end included; any part may be left out in an index.</summary>
internal sealed record RangeSyntax(TextSpan Span, ExpressionSyntax? Start, ExpressionSyntax? Step, ExpressionSyntax? End) : ExpressionSyntax(Span);

/// <summary><c>{a, b, ...}</c>: a set of indices or loop values, or an array initialiser.</summary>
internal sealed record SetSyntax(TextSpan Span, ImmutableArray<ExpressionSyntax> Items) : ExpressionSyntax(Span);

internal sealed record DurationOfSyntax(TextSpan Span, BlockSyntax Block) : ExpressionSyntax(Span);

/// <summary><c>measure q</c> used as a value: <c>c = measure q;</c>, <c>bit b = measure q;</c>.</summary>
internal sealed record MeasureSyntax(TextSpan Span, ExpressionSyntax Operand) : ExpressionSyntax(Span);
