using System.Collections.Immutable;

namespace Qxm.Circuits.Syntax;

/// <summary>A type as written: <c>bit[4]</c>, <c>float[64]</c>, <c>complex[float[32]]</c>, <c>qubit[2]</c>,
/// <c>array[int[8], 16, 4]</c> or, for a subroutine's array argument, <c>array[int[32], #dim=3]</c>.</summary>
/// <param name="Name">The type keyword (<c>bit int uint float angle bool duration stretch complex array qubit</c>).</param>
/// <param name="Size">The width or register size in brackets, when written.</param>
/// <param name="Element">The element type of a <c>complex</c> or <c>array</c>.</param>
/// <param name="Dimensions">The sizes of an array's dimensions.</param>
/// <param name="DimensionCount">For an array argument written with <c>#dim=n</c>: n.</param>
internal sealed record TypeSyntax(
    TextSpan Span,
    string Name,
    ExpressionSyntax? Size = null,
    TypeSyntax? Element = null,
    ImmutableArray<ExpressionSyntax> Dimensions = default,
    ExpressionSyntax? DimensionCount = null) : SyntaxNode(Span)
{
    public bool IsArray => Name == "array";
}
