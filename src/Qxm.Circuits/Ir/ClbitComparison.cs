namespace Qxm.Circuits.Ir;

/// <summary>Compares clbits [Offset, Offset + Width), read as an unsigned integer with the lowest index least
/// significant, with a constant. <paramref name="Operator"/> is one of <c>== != &lt; &lt;= &gt; &gt;=</c>.</summary>
public sealed record ClbitComparison(int Offset, int Width, string Operator, long Value) : Condition
{
    /// <summary>A plain bit read as a condition: clbit <paramref name="clbit"/> is 1.</summary>
    public static ClbitComparison Bit(int clbit) => new(clbit, 1, "!=", 0);

    /// <summary>Whether this is a plain bit read as a condition (<see cref="Bit"/>), clbit <see cref="Offset"/>.</summary>
    public bool IsBit => this is { Width: 1, Operator: "!=", Value: 0 };

    public override bool Evaluate(Func<int, bool> clbit)
    {
        ArgumentNullException.ThrowIfNull(clbit);

        // Registers wider than 63 bits compare exactly only while their high bits are zero; OpenQASM programs
        // compare such registers with small constants, so saturate instead of overflowing.
        ulong read = 0;
        var saturated = false;
        for (var j = 0; j < Width; j++)
        {
            if (!clbit(Offset + j))
            {
                continue;
            }

            if (j >= 63)
            {
                saturated = true;
            }
            else
            {
                read |= 1UL << j;
            }
        }

        var actual = saturated ? long.MaxValue : (long)read;
        return Operator switch
        {
            "==" => !saturated && actual == Value,
            "!=" => saturated || actual != Value,
            "<" => actual < Value,
            "<=" => actual <= Value,
            ">" => actual > Value,
            ">=" => actual >= Value,
            _ => throw new InvalidOperationException($"unknown comparison '{Operator}'"),
        };
    }

    public override string ToCanonicalString() => $"({Offset}:{Width}{Operator}{Value})";

    public override IEnumerable<int> Clbits() => Enumerable.Range(Offset, Width);
}
