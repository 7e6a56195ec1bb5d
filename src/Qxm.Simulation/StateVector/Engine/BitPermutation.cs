namespace Qxm.Simulation.StateVector.Engine;

/// <summary>Moves each bit of an index to a new position (or drops it) with one table lookup per byte, for turning
/// physical amplitude indices into logical or measured-outcome indices at full speed.</summary>
internal sealed class BitPermutation
{
    private readonly long[][] _tables;

    /// <param name="destination">New position of source bit j, or -1 to drop it.</param>
    public BitPermutation(int[] destination)
    {
        _tables = new long[(destination.Length + 7) / 8][];
        for (var t = 0; t < _tables.Length; t++)
        {
            var table = new long[256];
            for (var v = 0; v < 256; v++)
            {
                long mapped = 0;
                for (var b = 0; b < 8 && (t * 8) + b < destination.Length; b++)
                {
                    var to = destination[(t * 8) + b];
                    if (((v >> b) & 1) == 1 && to >= 0)
                    {
                        mapped |= 1L << to;
                    }
                }

                table[v] = mapped;
            }

            _tables[t] = table;
        }

        IsIdentity = destination.Select((to, j) => to == j).All(same => same);
    }

    public bool IsIdentity { get; }

    public long Map(long index)
    {
        long mapped = 0;
        for (var t = 0; t < _tables.Length; t++)
        {
            mapped |= _tables[t][(index >> (8 * t)) & 0xFF];
        }

        return mapped;
    }
}
