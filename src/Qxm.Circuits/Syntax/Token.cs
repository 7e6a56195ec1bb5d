namespace Qxm.Circuits.Syntax;

/// <param name="Text">The interned name for identifiers and the contents for strings; null otherwise,
/// so that punctuation and numbers cost no allocation.</param>
internal readonly record struct Token(TokenKind Kind, int Start, int Length, string? Text)
{
    public bool IsIdentifier(string name) => Kind == TokenKind.Identifier && string.Equals(Text, name, StringComparison.Ordinal);
}
