using System.Text;

namespace Qxm.Engine.Experiments;

/// <summary>Turns UTF-8 byte offsets into 1-based lines and character columns.</summary>
internal sealed class Utf8LineMap
{
    private readonly byte[] _bytes;
    private readonly List<int> _starts = [0];

    public Utf8LineMap(byte[] bytes)
    {
        _bytes = bytes;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                _starts.Add(i + 1);
            }
        }
    }

    public SourcePosition At(long offset)
    {
        var index = _starts.BinarySearch((int)offset);
        var line = index >= 0 ? index : ~index - 1;
        return new SourcePosition(line + 1, Column(line, (int)offset - _starts[line]));
    }

    /// <summary>The 1-based character column of a 0-based byte position in a 0-based line.</summary>
    public int Column(int line, int bytePosition)
    {
        if (line < 0 || line >= _starts.Count)
        {
            return 1;
        }

        var start = _starts[line];
        var length = Math.Clamp(bytePosition, 0, _bytes.Length - start);
        return Encoding.UTF8.GetCharCount(_bytes, start, length) + 1;
    }
}
