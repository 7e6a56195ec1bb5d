using System.Text;
using System.Text.Json;

namespace Qxm.Engine.Experiments;

/// <summary>A parsed experiment document as JSON, whatever its syntax, with the source position of
/// every value and every mapping key, keyed by JSON pointer (RFC 6901), so that schema errors, which
/// speak in pointers, can be reported where the user wrote the offending text.</summary>
internal sealed class SourceDocument
{
    private readonly IReadOnlyDictionary<string, SourcePosition> _values;
    private readonly IReadOnlyDictionary<string, SourcePosition> _keys;

    public SourceDocument(
        JsonElement root,
        IReadOnlyDictionary<string, SourcePosition> values,
        IReadOnlyDictionary<string, SourcePosition> keys)
    {
        Root = root;
        _values = values;
        _keys = keys;
    }

    public JsonElement Root { get; }

    public static string Child(string pointer, string key) =>
        pointer + "/" + key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    public static string Child(string pointer, int index) => pointer + "/" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static IReadOnlyList<string> Segments(string pointer) =>
        pointer.Length == 0
            ? []
            : pointer[1..].Split('/').Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToList();

    public static string Parent(string pointer)
    {
        var slash = pointer.LastIndexOf('/');
        return slash <= 0 ? "" : pointer[..slash];
    }

    /// <summary>Where the value at <paramref name="pointer"/> starts, or its nearest recorded ancestor
    /// (values copied through a YAML alias have no place of their own).</summary>
    public SourcePosition ValueAt(string pointer)
    {
        for (var p = pointer; ; p = Parent(p))
        {
            if (_values.TryGetValue(p, out var position))
            {
                return position;
            }

            if (p.Length == 0)
            {
                return SourcePosition.Start;
            }
        }
    }

    /// <summary>Where the key naming the member at <paramref name="pointer"/> starts, or its value when there is no key.</summary>
    public SourcePosition KeyAt(string pointer) => _keys.TryGetValue(pointer, out var position) ? position : ValueAt(pointer);

    /// <summary>The element at <paramref name="pointer"/>, if any.</summary>
    public JsonElement? Find(string pointer)
    {
        var current = Root;
        foreach (var segment in Segments(pointer))
        {
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(segment, out var member))
            {
                current = member;
            }
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(segment, out var index) && index >= 0 && index < current.GetArrayLength())
            {
                current = current[index];
            }
            else
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>The field path users read in diagnostics: <c>parameters.theta.linspace.num</c>, <c>tags[1]</c>.</summary>
    public string DisplayPath(string pointer)
    {
        var text = new StringBuilder();
        JsonElement? current = Root;
        foreach (var segment in Segments(pointer))
        {
            if (current is { ValueKind: JsonValueKind.Array } array && int.TryParse(segment, out var index))
            {
                text.Append('[').Append(segment).Append(']');
                current = index >= 0 && index < array.GetArrayLength() ? array[index] : null;
                continue;
            }

            if (text.Length > 0)
            {
                text.Append('.');
            }

            text.Append(segment);
            current = current is { ValueKind: JsonValueKind.Object } obj && obj.TryGetProperty(segment, out var member) ? member : null;
        }

        return text.ToString();
    }
}
