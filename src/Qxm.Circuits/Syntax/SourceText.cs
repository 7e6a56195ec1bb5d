using Qxm.Circuits.Ir;

namespace Qxm.Circuits.Syntax;

/// <summary>A file's name and text, and where its lines start. The line starts are found lazily, only as far as the
/// furthest position asked for, and the last line found is tried first, since positions are asked for mostly in
/// reading order.</summary>
internal sealed class SourceText(string file, string text)
{
    private readonly List<int> _lineStarts = [0];

    /// <summary>Every line break before this offset is in <see cref="_lineStarts"/>.</summary>
    private int _scanned;

    private int _lastLine;

    public string File { get; } = file;

    public string Text { get; } = text;

    /// <summary>The 1-based line and column (in UTF-16 characters) of an offset into the text.</summary>
    public SourceSpan Locate(int offset)
    {
        offset = Math.Clamp(offset, 0, Text.Length);
        while (_scanned < offset)
        {
            var next = Text.AsSpan(_scanned).IndexOf('\n');
            if (next < 0)
            {
                _scanned = Text.Length;
                break;
            }

            _scanned += next + 1;
            _lineStarts.Add(_scanned);
        }

        var line = _lastLine;
        if (!Contains(line, offset))
        {
            line = Contains(line + 1, offset) ? line + 1 : FindLine(offset);
            _lastLine = line;
        }

        return new SourceSpan(line + 1, offset - _lineStarts[line] + 1);
    }

    private bool Contains(int line, int offset) =>
        line < _lineStarts.Count && _lineStarts[line] <= offset && (line + 1 == _lineStarts.Count || _lineStarts[line + 1] > offset);

    private int FindLine(int offset)
    {
        var found = _lineStarts.BinarySearch(offset);
        return found >= 0 ? found : ~found - 1;
    }
}
