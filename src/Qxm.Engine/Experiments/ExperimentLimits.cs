using System.Globalization;

namespace Qxm.Engine.Experiments;

/// <summary>What an experiment document may hold, checked while it is read, before anything is built from it
/// (docs/limits.md). An experiment is a handful of fields a few levels deep; anything far beyond is an attack or a bug.</summary>
public static class ExperimentLimits
{
    /// <summary>Nesting of mappings and lists (YAML and JSON alike); the format itself needs five.</summary>
    public const int MaxDepth = 32;

    /// <summary>YAML aliases (<c>*name</c>) in one document.</summary>
    public const int MaxAliases = 1_000;

    /// <summary>What aliases may add to a document, in nodes plus scalar characters: about a megabyte of text.</summary>
    public const long MaxAliasExpansion = 1_000_000;

    public const int MaxTags = 64;
    public const int MaxTagLength = 128;

    /// <summary>The largest magnitude a number may have: far above any count or angle, and within every numeric type
    /// the schema checks and the mapper reads.</summary>
    public const double MaxNumberMagnitude = 1e20;

    internal static string TooDeepMessage => $"nested deeper than {MaxDepth} levels; an experiment needs far fewer";

    internal const string LoneSurrogateMessage = "text holds a lone UTF-16 surrogate (an unpaired \\uD800-\\uDFFF escape); send valid Unicode";

    /// <summary>Null when <paramref name="number"/> (JSON number text) is within range, else the reason.</summary>
    internal static string? CheckNumber(ReadOnlySpan<char> number)
    {
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ||
            !double.IsFinite(value) || Math.Abs(value) > MaxNumberMagnitude)
        {
            return $"number {Shorten(number)} is out of range (at most {MaxNumberMagnitude.ToString("0e0", CultureInfo.InvariantCulture)} in magnitude)";
        }

        return null;
    }

    internal static bool HasLoneSurrogate(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The field path of a JSON pointer as diagnostics show it (<c>tags[0]</c>), for problems found while
    /// reading, before a document exists to tell lists from mappings: all-digit segments read as indices.</summary>
    internal static string? DisplayPath(string pointer)
    {
        if (pointer.Length == 0)
        {
            return null;
        }

        var text = new System.Text.StringBuilder();
        foreach (var segment in SourceDocument.Segments(pointer))
        {
            if (segment.Length > 0 && segment.All(char.IsAsciiDigit))
            {
                text.Append('[').Append(segment).Append(']');
            }
            else
            {
                text.Append(text.Length > 0 ? "." : "").Append(HasLoneSurrogate(segment) ? "?" : segment);
            }
        }

        return text.ToString();
    }

    private static string Shorten(ReadOnlySpan<char> number) => number.Length > 24 ? string.Concat(number[..21], "...") : number.ToString();
}
