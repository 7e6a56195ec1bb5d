using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Qxm.Backends.Contract;

namespace Qxm.Backends.Vendors.Ibm;

/// <summary>Sampler V2's result read into qxm's counts: each PUB's data holds one entry per classical register, in the
/// circuit's register order, with a hex sample per shot (bit 0 of the register least significant) and the register's
/// width. qxm's bit string puts the registers side by side as their offsets lie (the first register rightmost).</summary>
internal static class IbmSamples
{
    public static IReadOnlyList<IReadOnlyDictionary<string, long>> Counts(JsonElement result, IReadOnlyList<int>? clbits, ReadOnlyMemory<byte> raw)
    {
        if (!result.TryGetProperty("results", out var pubs) || pubs.ValueKind != JsonValueKind.Array)
        {
            throw new BackendException(BackendErrorKind.Fatal, "IBM's Sampler result has no 'results' list", rawAnswer: raw);
        }

        if (clbits is not null && pubs.GetArrayLength() != clbits.Count)
        {
            throw new BackendException(BackendErrorKind.Fatal, $"IBM's Sampler result has {pubs.GetArrayLength()} PUB results for {clbits.Count} circuits", rawAnswer: raw);
        }

        var counts = new List<IReadOnlyDictionary<string, long>>();
        var index = 0;
        foreach (var pub in pubs.EnumerateArray())
        {
            counts.Add(Pub(pub, clbits?[index], index, raw));
            index++;
        }

        return counts;
    }

    private static Dictionary<string, long> Pub(JsonElement pub, int? clbits, int index, ReadOnlyMemory<byte> raw)
    {
        if (!pub.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            throw new BackendException(BackendErrorKind.Fatal, $"IBM's result for circuit {index} has no data", rawAnswer: raw);
        }

        var registers = new List<(int Width, List<BigInteger> Samples)>();
        foreach (var register in data.EnumerateObject())
        {
            if (!register.Value.TryGetProperty("samples", out var samples) || samples.ValueKind != JsonValueKind.Array
                || !register.Value.TryGetProperty("num_bits", out var bits) || !bits.TryInt32(out var width) || width < 0)
            {
                throw new BackendException(BackendErrorKind.Fatal, $"IBM's register '{register.Name}' of circuit {index} has no samples and num_bits", rawAnswer: raw);
            }

            registers.Add((width, [.. samples.EnumerateArray().Select(s => Parse(s.GetString(), register.Name, index, raw))]));
        }

        var total = registers.Sum(r => r.Width);
        if (clbits is { } expected && expected != total)
        {
            throw new BackendException(BackendErrorKind.Fatal, $"IBM's result for circuit {index} has {total} bits, the circuit {expected}", rawAnswer: raw);
        }

        var shots = registers.Count == 0 ? 0 : registers[0].Samples.Count;
        if (registers.Any(r => r.Samples.Count != shots))
        {
            throw new BackendException(BackendErrorKind.Fatal, $"IBM's registers of circuit {index} hold different numbers of shots", rawAnswer: raw);
        }

        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var text = new StringBuilder(total);
        for (var shot = 0; shot < shots; shot++)
        {
            text.Clear();
            for (var r = registers.Count - 1; r >= 0; r--)
            {
                var (width, samples) = registers[r];
                var value = samples[shot];
                if (value >> width != BigInteger.Zero)
                {
                    throw new BackendException(BackendErrorKind.Fatal, $"IBM's sample {samples[shot]:X} of circuit {index} does not fit its register's {width} bits", rawAnswer: raw);
                }

                for (var bit = width - 1; bit >= 0; bit--)
                {
                    text.Append(((value >> bit) & BigInteger.One).IsZero ? '0' : '1');
                }
            }

            var key = text.ToString();
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return counts;
    }

    private static BigInteger Parse(string? sample, string register, int index, ReadOnlyMemory<byte> raw)
    {
        if (sample is { Length: > 2 } && sample.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            && BigInteger.TryParse("0" + sample[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        throw new BackendException(BackendErrorKind.Fatal, $"IBM's sample '{sample}' in register '{register}' of circuit {index} is not a hex number", rawAnswer: raw);
    }
}
