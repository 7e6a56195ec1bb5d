using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Qxm.Circuits.Parsing;
using Qxm.Domain.Backends;

namespace Qxm.Engine.Submission;

/// <summary>Parsed programs by everything their parse reads: the source, its origin (diagnostics name it), the
/// experiment's own includes and the target (<c>durationof</c> reads its durations). A run's circuit is parsed at
/// submission and again by the worker from the stored spec, and every run of an optimizer loop or a repeated experiment
/// has the same program with other inputs: the parse is a pure function of the key, and the circuit it gives is
/// immutable, so binding a cached one is binding a fresh one (docs/decisions/0039). Bounded in entries and in the size of
/// a source it keeps; a program that does not parse is never kept.</summary>
internal sealed class ParsedPrograms(int capacity = ParsedPrograms.DefaultCapacity, int maxSourceChars = ParsedPrograms.DefaultMaxSourceChars)
{
    public const int DefaultCapacity = 256;

    /// <summary>Larger programs take long enough to parse, simulate or send that a cached parse saves little, and would hold
    /// their circuits' memory.</summary>
    public const int DefaultMaxSourceChars = 64 * 1024;

    private readonly ConcurrentDictionary<ProgramKey, ParseResult> _parsed = new();

    /// <summary>The process's programs: submission, validation and the workers read through one.</summary>
    public static ParsedPrograms Shared { get; } = new();

    public int Count => _parsed.Count;

    public ParseResult Parse(string source, string origin, IReadOnlyDictionary<string, string> includes, Target? target = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(includes);
        if (source.Length > maxSourceChars)
        {
            return OpenQasmParser.Parse(source, origin, name => includes.GetValueOrDefault(name), target: target);
        }

        var key = new ProgramKey(source, origin, IncludesKey(includes), target);
        if (_parsed.TryGetValue(key, out var known))
        {
            return known;
        }

        var parsed = OpenQasmParser.Parse(source, origin, name => includes.GetValueOrDefault(name), target: target);
        if (parsed.Succeeded)
        {
            // Emptied rather than ordered by use: the working set of a service is a few programs run many times, and a
            // flood of distinct programs then costs one parse each, as it did without the cache.
            if (_parsed.Count >= capacity)
            {
                _parsed.Clear();
            }

            _parsed.TryAdd(key, parsed);
        }

        return parsed;
    }

    private static string IncludesKey(IReadOnlyDictionary<string, string> includes)
    {
        if (includes.Count == 0)
        {
            return "";
        }

        var builder = new System.Text.StringBuilder();
        foreach (var (name, text) in includes.OrderBy(i => i.Key, StringComparer.Ordinal))
        {
            builder.Append(name.Length).Append(':').Append(name).Append(text.Length).Append(':').Append(text);
        }

        return builder.ToString();
    }

    /// <summary>The target by reference: a backend keeps its target, and one rebuilt (new calibration) is a new key.</summary>
    private readonly record struct ProgramKey(string Source, string Origin, string Includes, Target? Target)
    {
        public bool Equals(ProgramKey other) =>
            ReferenceEquals(Target, other.Target) && string.Equals(Source, other.Source, StringComparison.Ordinal)
            && string.Equals(Origin, other.Origin, StringComparison.Ordinal) && string.Equals(Includes, other.Includes, StringComparison.Ordinal);

        public override int GetHashCode() =>
            HashCode.Combine(string.GetHashCode(Source, StringComparison.Ordinal), string.GetHashCode(Origin, StringComparison.Ordinal),
                string.GetHashCode(Includes, StringComparison.Ordinal), Target is null ? 0 : RuntimeHelpers.GetHashCode(Target));
    }
}
