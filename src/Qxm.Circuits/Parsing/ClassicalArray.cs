namespace Qxm.Circuits.Parsing;

/// <summary>The value of an OpenQASM 3 classical array while the program is lowered: its element type and width, its
/// dimensions, and its elements in row-major order. Arrays are passed to subroutines by reference, so one instance is
/// shared by a variable and the parameters bound to it; a declaration or an assignment copies.</summary>
internal sealed class ClassicalArray(ClassicalType element, int width, int[] dimensions, Value[] elements)
{
    public ClassicalType Element { get; } = element;

    /// <summary>The element type's declared bit width; 0 when none was given.</summary>
    public int Width { get; } = width;

    public IReadOnlyList<int> Dimensions => dimensions;

    public int Rank => dimensions.Length;

    public Value[] Elements { get; } = elements;

    /// <summary>Elements a sub-array of the given rank (its trailing dimensions) holds.</summary>
    public int Stride(int fromDimension)
    {
        var stride = 1;
        for (var i = fromDimension; i < dimensions.Length; i++)
        {
            stride *= dimensions[i];
        }

        return stride;
    }

    public bool HasShape(IReadOnlyList<int> shape) => shape.SequenceEqual(dimensions);

    public ClassicalArray Copy() => new(Element, Width, [.. dimensions], [.. Elements]);
}
