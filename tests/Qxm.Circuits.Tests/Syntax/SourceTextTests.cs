using Qxm.Circuits.Ir;
using Qxm.Circuits.Syntax;

namespace Qxm.Circuits.Tests.Syntax;

public class SourceTextTests
{
    [Fact]
    public void Locate_AnyOrderOfOffsets_AgreesWithCountingLineBreaks()
    {
        var random = new Random(5);
        var text = string.Concat(Enumerable.Range(0, 400).Select(_ => random.Next(4) switch
        {
            0 => "\n",
            1 => "\r\n",
            2 => "ab",
            _ => "x",
        }));
        var source = new SourceText("f.qasm", text);
        var offsets = Enumerable.Range(0, text.Length + 1).ToList();
        var ordered = offsets.ToList();
        var shuffled = offsets.OrderBy(_ => random.Next()).ToList();

        foreach (var offset in ordered.Concat(shuffled))
        {
            var line = 1 + text.AsSpan(0, offset).Count('\n');
            var lineStart = offset == 0 ? 0 : text.LastIndexOf('\n', offset - 1) + 1;
            var column = offset - lineStart + 1;
            Assert.Equal(new SourceSpan(line, column), source.Locate(offset));
        }
    }

    [Fact]
    public void Locate_EmptyTextAndEndOfText_AreOnTheLastLine()
    {
        Assert.Equal(new SourceSpan(1, 1), new SourceText("e.qasm", "").Locate(0));
        Assert.Equal(new SourceSpan(3, 1), new SourceText("e.qasm", "a\nb\n").Locate(4));
    }
}
