using System.Globalization;
using System.Text;

namespace Qxm.Engine.Observables;

/// <summary>The canonical label of a Pauli string (<c>X0 Z3</c>, factors by ascending qubit; <c>I</c> for the identity),
/// the one spelling stored, fingerprinted and compared whichever form the user wrote.</summary>
public static class PauliLabel
{
    public const string Identity = "I";

    public static string Format(IEnumerable<PauliFactor> factors)
    {
        var sb = new StringBuilder();
        foreach (var f in factors.OrderBy(f => f.Qubit))
        {
            if (sb.Length > 0)
            {
                sb.Append(' ');
            }

            sb.Append(f.Pauli).Append(f.Qubit.ToString(CultureInfo.InvariantCulture));
        }

        return sb.Length == 0 ? Identity : sb.ToString();
    }

    /// <summary>The factors of a canonical label, by ascending qubit.</summary>
    public static PauliFactor[] Parse(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (label == Identity)
        {
            return [];
        }

        var parts = label.Split(' ');
        var factors = new PauliFactor[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            factors[i] = new PauliFactor(int.Parse(parts[i].AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture), parts[i][0]);
        }

        return factors;
    }

    /// <summary>The factors of a letter string such as <c>ZXI</c>, whose rightmost letter is qubit 0 (the bit-string
    /// order of counts), or null when a letter is not one of I, X, Y, Z.</summary>
    public static PauliFactor[]? FromLetters(string letters)
    {
        var factors = new List<PauliFactor>();
        for (var i = 0; i < letters.Length; i++)
        {
            var qubit = letters.Length - 1 - i;
            switch (letters[i])
            {
                case 'I':
                    break;
                case 'X' or 'Y' or 'Z':
                    factors.Add(new PauliFactor(qubit, letters[i]));
                    break;
                default:
                    return null;
            }
        }

        factors.Reverse();
        return [.. factors];
    }

    /// <summary>Whether two Pauli strings commute qubit by qubit: on every shared qubit they have the same letter, so one
    /// measurement basis serves both.</summary>
    public static bool QubitWiseCommute(IReadOnlyList<PauliFactor> a, IReadOnlyList<PauliFactor> b)
    {
        int i = 0, j = 0;
        while (i < a.Count && j < b.Count)
        {
            if (a[i].Qubit == b[j].Qubit)
            {
                if (a[i].Pauli != b[j].Pauli)
                {
                    return false;
                }

                i++;
                j++;
            }
            else if (a[i].Qubit < b[j].Qubit)
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return true;
    }
}
