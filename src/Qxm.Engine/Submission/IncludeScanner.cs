using System.Text.RegularExpressions;

namespace Qxm.Engine.Submission;

/// <summary>Finds the file names a circuit includes, so they can be stored with it. The parser reports any include
/// it cannot resolve, so a name this scan misses surfaces as a clear error rather than a silent gap.</summary>
internal static partial class IncludeScanner
{
    public static IEnumerable<string> Names(string source) =>
        IncludePattern().Matches(source).Select(m => m.Groups[1].Value)
            .Where(n => n is not ("qelib1.inc" or "stdgates.inc" or "ionq.inc"))
            .Distinct(StringComparer.Ordinal);

    [GeneratedRegex("""include\s+"([^"]+)"\s*;""")]
    private static partial Regex IncludePattern();
}
