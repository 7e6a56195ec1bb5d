using System.Globalization;
using Qxm.Backends.Contract;
using Qxm.Circuits.Ir;

namespace Qxm.Backends.Vendors.IonQ;

/// <summary>Which clbit each measured qubit lands in, and how a vendor's distribution over whole-register states
/// (a decimal integer, qubit 0 least significant, as IonQ reports it) becomes qxm's counts: a bit string as wide as
/// the circuit's clbits, clbit 0 rightmost, summing to the shots.</summary>
internal sealed class MeasurementMap
{
    private readonly List<(int Qubit, int Clbit)> _measures;
    private readonly int _clbits;

    private MeasurementMap(List<(int Qubit, int Clbit)> measures, int clbits)
    {
        _measures = measures;
        _clbits = clbits;
    }

    public static MeasurementMap Of(Circuit circuit)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        return new([.. circuit.Operations.OfType<MeasureOperation>().Select(m => (m.Qubit, m.Clbit))], circuit.ClbitCount);
    }

    /// <summary>The map as text for the vendor's job metadata (<c>clbits:qubit-clbit,...</c>), so that a result can be
    /// read after qxm restarted and forgot the submit.</summary>
    public string Encode() =>
        string.Create(CultureInfo.InvariantCulture, $"{_clbits}:{string.Join(',', _measures.Select(m => $"{m.Qubit}-{m.Clbit}"))}");

    public static MeasurementMap? Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(':', 2);
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var clbits))
        {
            return null;
        }

        var measures = new List<(int, int)>();
        foreach (var pair in parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var qc = pair.Split('-');
            if (qc.Length != 2 || !int.TryParse(qc[0], NumberStyles.None, CultureInfo.InvariantCulture, out var q)
                || !int.TryParse(qc[1], NumberStyles.None, CultureInfo.InvariantCulture, out var c) || c >= clbits)
            {
                return null;
            }

            measures.Add((q, c));
        }

        return new MeasurementMap(measures, clbits);
    }

    /// <summary>Counts from probabilities over <paramref name="shots"/> shots: each state gets the floor of its share
    /// and the shots left over go to the largest remainders (ties to the smaller state), so the counts always sum to the
    /// shots and the same answer always gives the same counts.</summary>
    public IReadOnlyDictionary<string, long> CountsFromProbabilities(IReadOnlyDictionary<string, double> probabilities, int shots, ReadOnlyMemory<byte> raw)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        var states = new List<(ulong State, double Exact)>();
        var total = 0.0;
        foreach (var (key, p) in probabilities)
        {
            if (!ulong.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var state) || !double.IsFinite(p) || p < 0)
            {
                throw new BackendException(BackendErrorKind.Fatal, $"the vendor's distribution has an entry '{key}': {p} that is not a state and a probability", rawAnswer: raw);
            }

            states.Add((state, p * shots));
            total += p;
        }

        if (states.Count == 0 || Math.Abs(total - 1) > 1e-6)
        {
            throw new BackendException(BackendErrorKind.Fatal, $"the vendor's probabilities sum to {total}, not 1", rawAnswer: raw);
        }

        states.Sort((a, b) => a.State.CompareTo(b.State));
        var counts = states.Select(s => (s.State, Count: (long)Math.Floor(s.Exact), Remainder: s.Exact - Math.Floor(s.Exact))).ToList();
        var left = shots - counts.Sum(c => c.Count);
        foreach (var index in Enumerable.Range(0, counts.Count).OrderByDescending(i => counts[i].Remainder).ThenBy(i => counts[i].State).Take((int)Math.Max(0, left)))
        {
            counts[index] = counts[index] with { Count = counts[index].Count + 1 };
        }

        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (state, count, _) in counts.Where(c => c.Count > 0))
        {
            var bits = Bits(state);
            result[bits] = result.GetValueOrDefault(bits) + count;
        }

        return result;
    }

    /// <summary>Counts from a histogram of shot counts over whole-register states.</summary>
    public IReadOnlyDictionary<string, long> CountsFromHistogram(IReadOnlyDictionary<string, long> histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, count) in histogram)
        {
            var bits = Bits(ulong.Parse(key, NumberStyles.None, CultureInfo.InvariantCulture));
            result[bits] = result.GetValueOrDefault(bits) + count;
        }

        return result;
    }

    private string Bits(ulong state)
    {
        var bits = new char[_clbits];
        Array.Fill(bits, '0');
        foreach (var (qubit, clbit) in _measures)
        {
            if (qubit < 64 && ((state >> qubit) & 1) == 1)
            {
                bits[_clbits - 1 - clbit] = '1';
            }
        }

        return new string(bits);
    }
}
