using System.Text;
using System.Text.Json;
using Qxm.Domain.Errors;

namespace Qxm.Engine.Experiments;

/// <summary>Reads a JSON experiment document, recording where each value and key starts. A token
/// reader gives positions a <see cref="JsonDocument"/> does not keep.</summary>
internal static class JsonSourceReader
{
    public static SourceDocument? Read(string text, string origin, ICollection<Diagnostic> diagnostics)
    {
        var bytes = Encoding.UTF8.GetBytes(text.TrimStart('\uFEFF'));
        var lines = new Utf8LineMap(bytes);
        var values = new Dictionary<string, SourcePosition>(StringComparer.Ordinal);
        var keys = new Dictionary<string, SourcePosition>(StringComparer.Ordinal);
        var failed = false;
        // The reader's own depth limit sits one above ours, so ours fires first, with its own diagnostic.
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = ExperimentLimits.MaxDepth + 1 });
        var frames = new Stack<Frame>();
        try
        {
            while (reader.Read())
            {
                var position = lines.At(reader.TokenStartIndex);
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        var top = frames.Peek();
                        if (Invalid(ref reader, top.Pointer) is { } badName)
                        {
                            diagnostics.Add(badName with { File = origin, Line = position.Line, Column = position.Column });
                            return null;
                        }

                        var name = reader.GetString()!;
                        top.Key = name;
                        if (!top.Names.Add(name))
                        {
                            diagnostics.Add(new Diagnostic(ExperimentRules.Syntax, $"duplicate key '{name}'", origin, position.Line, position.Column));
                            failed = true;
                        }
                        else
                        {
                            keys[SourceDocument.Child(top.Pointer, name)] = position;
                        }

                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        frames.Pop();
                        break;
                    default:
                        var pointer = frames.Count == 0 ? ""
                            : frames.Peek() is { IsArray: true } array ? SourceDocument.Child(array.Pointer, array.Index++)
                            : SourceDocument.Child(frames.Peek().Pointer, frames.Peek().Key);
                        values.TryAdd(pointer, position);
                        if (Invalid(ref reader, pointer) is { } bad)
                        {
                            diagnostics.Add(bad with { File = origin, Line = position.Line, Column = position.Column });
                            return null;
                        }

                        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                        {
                            if (frames.Count >= ExperimentLimits.MaxDepth)
                            {
                                diagnostics.Add(new Diagnostic(ExperimentRules.TooDeep, ExperimentLimits.TooDeepMessage, origin, position.Line, position.Column,
                                    ExperimentLimits.DisplayPath(pointer)));
                                return null;
                            }

                            frames.Push(new Frame(pointer, reader.TokenType == JsonTokenType.StartArray));
                        }

                        break;
                }
            }
        }
        catch (JsonException e)
        {
            var line = (int)(e.LineNumber ?? 0);
            var column = lines.Column(line, (int)(e.BytePositionInLine ?? 0));
            diagnostics.Add(new Diagnostic(ExperimentRules.Syntax, $"malformed JSON: {Describe(e)}", origin, line + 1, column));
            return null;
        }

        if (failed)
        {
            return null;
        }

        using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = ExperimentLimits.MaxDepth + 1 });
        return new SourceDocument(document.RootElement.Clone(), values, keys);
    }

    /// <summary>A string with an escaped lone surrogate or a number out of range, which later stages could not read.</summary>
    private static Diagnostic? Invalid(ref Utf8JsonReader reader, string pointer)
    {
        if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
        {
            try
            {
                if (!ExperimentLimits.HasLoneSurrogate(reader.GetString()))
                {
                    return null;
                }
            }
            catch (InvalidOperationException)
            {
                // The reader refuses to unescape an invalid surrogate pair itself.
            }

            return new Diagnostic(ExperimentRules.InvalidText, ExperimentLimits.LoneSurrogateMessage, Path: ExperimentLimits.DisplayPath(pointer));
        }

        if (reader.TokenType == JsonTokenType.Number)
        {
            var raw = reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray();
            if (ExperimentLimits.CheckNumber(Encoding.ASCII.GetString(raw)) is { } outOfRange)
            {
                return new Diagnostic(ExperimentRules.NumberOutOfRange, outOfRange, Path: ExperimentLimits.DisplayPath(pointer));
            }
        }

        return null;
    }

    private static string Describe(JsonException e)
    {
        // The reader appends its own position ("LineNumber: 2 | BytePositionInLine: 4."); the diagnostic carries it already.
        var message = e.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        message = cut >= 0 ? message[..cut] : message;
        // Keep the first sentence: the rest advises on .NET reader options, which users cannot change.
        var sentence = message.IndexOf(". ", StringComparison.Ordinal);
        message = (sentence >= 0 ? message[..sentence] : message).Replace(" which is not supported in this mode", "", StringComparison.Ordinal).TrimEnd(' ', '.');
        return message.Length > 0 && char.IsUpper(message[0]) && (message.Length == 1 || !char.IsUpper(message[1]))
            ? char.ToLowerInvariant(message[0]) + message[1..]
            : message;
    }

    private sealed class Frame(string pointer, bool isArray)
    {
        public string Pointer { get; } = pointer;
        public bool IsArray { get; } = isArray;
        public int Index { get; set; }
        public string Key { get; set; } = "";
        public HashSet<string> Names { get; } = new(StringComparer.Ordinal);
    }
}
