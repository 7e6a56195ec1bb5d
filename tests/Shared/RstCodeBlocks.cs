namespace Qxm.Tests.Shared;

/// <summary>Reads the OpenQASM code blocks out of the specification's reStructuredText pages, for the opt-in tests that
/// check qxm against them (the pages are read from a checkout, never copied here).</summary>
internal static class RstCodeBlocks
{
    /// <summary>The OpenQASM code blocks of a reStructuredText page: the indented lines after a <c>.. code-block::</c>
    /// directive (and its options), dedented, with the line the block starts on.</summary>
    public static IEnumerable<(int Line, string Text)> Read(string[] lines)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            var directive = lines[i].Trim();
            if (!directive.StartsWith(".. code-block::", StringComparison.Ordinal))
            {
                continue;
            }

            var language = directive[".. code-block::".Length..].Trim().TrimStart(':').Trim();
            if (language is not ("" or "qasm" or "qasm3" or "openqasm" or "openqasm3"))
            {
                continue;
            }

            var start = i + 1;
            while (start < lines.Length && lines[start].TrimStart().StartsWith(':'))
            {
                start++;
            }

            var end = start;
            while (end < lines.Length && (lines[end].Length == 0 || char.IsWhiteSpace(lines[end][0])))
            {
                end++;
            }

            var body = lines[start..end];
            var indent = body.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
            var text = string.Join('\n', body.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart())).Trim();
            if (text.Length > 0)
            {
                yield return (start + 1, text + "\n");
            }

            i = end - 1;
        }
    }
}
