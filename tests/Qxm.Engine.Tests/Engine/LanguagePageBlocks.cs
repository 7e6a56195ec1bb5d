using System.Security.Cryptography;
using System.Text;
using Qxm.Tests.Shared;

namespace Qxm.Engine.Tests.Engine;

/// <summary>The OpenQASM code blocks of the specification's language pages (<c>source/language/*.rst</c>), read as
/// <c>qxm</c> reads them: the indented lines after a <c>.. code-block::</c> directive marked <c>qasm</c>, <c>qasm3</c>,
/// <c>openqasm</c>, <c>openqasm3</c> or nothing, dedented. Each is keyed by page and index on the page, and carries a
/// short hash of its text so that a block changed upstream is reported as changed rather than judged by another
/// block's entry.</summary>
internal static class LanguagePageBlocks
{
    public sealed record Block(string Page, int Index, int Line, string Text)
    {
        public string Key => $"{Page}#{Index}";

        /// <summary>The first 8 hex digits of the SHA-256 of the block's text.</summary>
        public string Hash => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Text)))[..8];
    }

    public static IEnumerable<Block> Read(string pagesFolder)
    {
        foreach (var page in Directory.GetFiles(pagesFolder, "*.rst").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(page);
            var index = 0;
            foreach (var (line, text) in RstCodeBlocks.Read(File.ReadAllLines(page)))
            {
                yield return new Block(name, index++, line, text);
            }
        }
    }
}
