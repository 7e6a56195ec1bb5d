namespace Qxm.Circuits.Syntax;

/// <summary>A node of the immutable syntax tree. The tree says only what was written: names are not resolved,
/// expressions not evaluated, loops not unrolled; the semantic passes do that.</summary>
internal abstract record SyntaxNode(TextSpan Span);
