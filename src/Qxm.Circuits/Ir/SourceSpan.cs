namespace Qxm.Circuits.Ir;

/// <summary>Where a construct starts in its source: 1-based line and column.</summary>
public readonly record struct SourceSpan(int Line, int Column)
{
    public static readonly SourceSpan None = new(0, 0);
}
