namespace Qxm.Simulation.StateVector.Engine;

/// <summary>Moving the bits of an index to and from chosen positions, as blocks, tiles and sub-matrices need.</summary>
internal static class Bits
{
    /// <summary>Bit j of <paramref name="value"/> goes to position <paramref name="positions"/>[j].</summary>
    public static long Deposit(long value, ReadOnlySpan<int> positions)
    {
        long result = 0;
        for (var j = 0; j < positions.Length; j++)
        {
            result |= ((value >> j) & 1) << positions[j];
        }

        return result;
    }

    /// <summary>Bit j of the result is bit <paramref name="positions"/>[j] of <paramref name="value"/>.</summary>
    public static long Extract(long value, ReadOnlySpan<int> positions)
    {
        long result = 0;
        for (var j = 0; j < positions.Length; j++)
        {
            result |= ((value >> positions[j]) & 1) << j;
        }

        return result;
    }
}
