using Qxm.Circuits.Ir;

namespace Qxm.Circuits.Parsing;

/// <summary>A classical variable in scope. Its value is known at parse time: the parser unrolls loops and
/// decides branches on such values, so it changes as statements run.</summary>
internal sealed class Variable(string name, ClassicalType type, int width, bool isConstant, SourceSpan span)
{
    public string Name { get; } = name;

    public ClassicalType Type { get; } = type;

    /// <summary>The declared bit width; 0 when none was given.</summary>
    public int Width { get; } = width;

    public bool IsConstant { get; } = isConstant;

    public SourceSpan Span { get; } = span;

    public Value Value { get; set; } = Value.Unknown;

    /// <summary>The depth of run-time branches around the declaration: assigning from a deeper branch would make
    /// the value depend on a measurement.</summary>
    public int RuntimeDepth { get; init; }

    /// <summary>The builder's block depth where the variable was declared: a variable that becomes a run-time integer
    /// inside a branch has its value so far written there, before the branch.</summary>
    public int BlockDepth { get; init; }

    /// <summary>The bits that hold the variable once it is computed while a shot runs; null while its value is known
    /// before the run (or is a run-time value it does not own, such as an argument not yet assigned).</summary>
    public Register? RuntimeRegister { get; set; }
}
