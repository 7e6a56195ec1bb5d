namespace Qxm.Circuits.Syntax;

/// <summary>Where a syntax node was written: its file, 1-based line and column of its first character, its offset in
/// the file's text, and its length in characters (to the end of its last token, across lines).</summary>
internal readonly record struct TextSpan(string File, int Line, int Column, int Start, int Length)
{
    public int End => Start + Length;
}
