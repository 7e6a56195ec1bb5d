namespace Qxm.Simulation.Sampling;

/// <summary>Blackman and Vigna's xoshiro256** (2018): 256 bits of state, period 2^256 - 1.
/// Chosen over <see cref="Random"/> because its output sequence is specified and will never change
/// between .NET versions, so a recorded seed reproduces a run's counts forever.</summary>
/// <remarks>The state is expanded from the seed with <see cref="SplitMix64"/>, as its authors
/// recommend. <see cref="ForStream"/> derives independent generators per shot so shots can later
/// run in parallel without changing results.</remarks>
internal sealed class Xoshiro256StarStar
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public Xoshiro256StarStar(ulong seed)
    {
        var seeder = new SplitMix64(seed);
        _s0 = seeder.Next();
        _s1 = seeder.Next();
        _s2 = seeder.Next();
        _s3 = seeder.Next();
    }

    /// <summary>Starts from raw state words, as the reference implementation's test vectors do; not all zero.</summary>
    internal Xoshiro256StarStar(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);
    }

    /// <summary>A generator for sub-stream <paramref name="stream"/> of <paramref name="seed"/>: the pair is
    /// mixed into one seed, so neighbouring streams start from unrelated states.</summary>
    public static Xoshiro256StarStar ForStream(ulong seed, ulong stream) =>
        new(SplitMix64.Mix(seed) ^ SplitMix64.Mix(stream ^ 0xD1B54A32D192ED03UL));

    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));
}
