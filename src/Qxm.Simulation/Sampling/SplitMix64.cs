namespace Qxm.Simulation.Sampling;

/// <summary>Steele, Lea and Flood's SplitMix64: a 64-bit counter passed through a bijective mixer.
/// Used only to expand a user's seed into generator state, because xoshiro must not start from
/// correlated or all-zero words.</summary>
internal struct SplitMix64
{
    private const ulong Gamma = 0x9E3779B97F4A7C15UL;

    private ulong _state;

    public SplitMix64(ulong seed) => _state = seed;

    public ulong Next()
    {
        _state += Gamma;
        return Mix(_state);
    }

    /// <summary>The output function alone: a bijection of 64-bit words with good avalanche.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
