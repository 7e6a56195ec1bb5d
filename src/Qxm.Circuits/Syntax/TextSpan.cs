namespace Qxm.Circuits.Syntax;

/// <summary>Where a syntax node was written: its offset in its file's text and its length in characters (to the end of
/// its last token, across lines). Line and column are found from the offset by the file's <see cref="SourceText"/>
/// when a diagnostic or an operation needs them, so that a node pays eight bytes for its place.</summary>
internal readonly record struct TextSpan(int Start, int Length)
{
    public int End => Start + Length;
}
