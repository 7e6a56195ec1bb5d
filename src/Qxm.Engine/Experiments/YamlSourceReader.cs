using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Qxm.Domain.Errors;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Qxm.Engine.Experiments;

/// <summary>Reads a YAML experiment document into its JSON equivalent, recording where each value and
/// key starts. Scalars resolve by the YAML 1.2 core schema, so <c>shots: 4000</c> is a number and
/// <c>shots: "4000"</c> a string, as in JSON.</summary>
internal sealed partial class YamlSourceReader
{
    private const string StringTag = "tag:yaml.org,2002:str";

    private readonly string _origin;
    private readonly ICollection<Diagnostic> _diagnostics;
    private readonly Dictionary<string, SourcePosition> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SourcePosition> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (JsonNode? Node, long Weight)> _anchors = new(StringComparer.Ordinal);
    private readonly Parser _parser;
    private Mark _last = Mark.Empty;
    private bool _failed;

    // Limits are checked on each event as it is read, so a hostile document costs what its first offending events cost.
    private int _depth;
    private int _aliases;
    private long _aliasExpansion;

    // Nodes plus scalar characters read so far: the difference across a node is its weight, what an alias to it adds.
    private long _weight;

    private YamlSourceReader(string text, string origin, ICollection<Diagnostic> diagnostics)
    {
        _parser = new Parser(new StringReader(text));
        _origin = origin;
        _diagnostics = diagnostics;
    }

    public static SourceDocument? Read(string text, string origin, ICollection<Diagnostic> diagnostics) =>
        new YamlSourceReader(text, origin, diagnostics).Read();

    private SourceDocument? Read()
    {
        JsonNode? root = null;
        try
        {
            _parser.MoveNext();
            _parser.MoveNext();
            if (Accept<DocumentStart>())
            {
                root = ReadNode("");
                if (!Accept<DocumentEnd>())
                {
                    var at = _parser.Current?.Start ?? _last;
                    throw new YamlException(at, at, "expected the end of the document");
                }

                if (_parser.Current is DocumentStart extra)
                {
                    Fail("expected a single YAML document", extra.Start);
                }
            }
            else
            {
                _values[""] = SourcePosition.Start;
            }
        }
        catch (YamlException e)
        {
            Fail($"malformed YAML: {Describe(e)}", e.Start);
        }
        catch (LimitExceededException e)
        {
            Fail(e.Rule, e.Message, e.At, e.Pointer);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            // YamlDotNet lets these escape on some malformed escapes (an unpaired \uDFFF\uD800, say).
            Fail($"malformed YAML: an invalid escape or character near here", _parser.Current?.Start ?? _last);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner gives up without a position on some unclosed flow collections.
            Fail("malformed YAML: an unclosed or badly nested [ ] or { } near here", _last);
        }

        if (_failed)
        {
            return null;
        }

        var json = root?.ToJsonString() ?? "null";
        using var document = JsonDocument.Parse(json);
        return new SourceDocument(document.RootElement.Clone(), _values, _keys);
    }

    private JsonNode? ReadNode(string pointer)
    {
        var current = _parser.Current ?? throw new InvalidOperationException("The YAML event stream ended early.");
        _last = current.Start;
        if (current is AnchorAlias alias)
        {
            _values[pointer] = Position(alias.Start);
            if (_anchors.TryGetValue(alias.Value.Value, out var anchored))
            {
                if (++_aliases > ExperimentLimits.MaxAliases)
                {
                    throw new LimitExceededException(ExperimentRules.AliasLimit,
                        $"more than {ExperimentLimits.MaxAliases} aliases; write the values out or use fewer aliases", alias.Start, pointer);
                }

                _aliasExpansion += anchored.Weight;
                if (_aliasExpansion > ExperimentLimits.MaxAliasExpansion)
                {
                    throw new LimitExceededException(ExperimentRules.AliasLimit,
                        $"aliases expand past {ExperimentLimits.MaxAliasExpansion:N0} nodes and characters (an alias bomb?)", alias.Start, pointer);
                }

                _parser.MoveNext();
                _weight += anchored.Weight;
                return anchored.Node?.DeepClone();
            }

            _parser.MoveNext();

            Fail($"unknown alias '*{alias.Value.Value}'", alias.Start);
            return null;
        }

        _values[pointer] = Position(current.Start);
        if (current is not Scalar && ++_depth > ExperimentLimits.MaxDepth)
        {
            throw new LimitExceededException(ExperimentRules.TooDeep, ExperimentLimits.TooDeepMessage, current.Start, pointer);
        }

        var before = _weight++;
        JsonNode? node = current switch
        {
            Scalar scalar => ReadScalar(scalar, pointer),
            SequenceStart => ReadSequence(pointer),
            MappingStart => ReadMapping(pointer),
            _ => throw new YamlException(current.Start, current.End, $"unexpected {current.GetType().Name}"),
        };

        if (current is not Scalar)
        {
            _depth--;
        }

        if (current is NodeEvent { Anchor.IsEmpty: false } anchoredEvent)
        {
            _anchors[anchoredEvent.Anchor.Value] = (node?.DeepClone(), _weight - before);
        }

        return node;
    }

    private JsonNode? ReadScalar(Scalar scalar, string pointer)
    {
        _parser.MoveNext();
        var text = scalar.Value;
        _weight += text.Length;
        if (ExperimentLimits.HasLoneSurrogate(text))
        {
            throw new LimitExceededException(ExperimentRules.InvalidText, ExperimentLimits.LoneSurrogateMessage, scalar.Start, pointer);
        }

        var quoted = scalar.Style is not ScalarStyle.Plain || (!scalar.Tag.IsEmpty && scalar.Tag.Value == StringTag);
        if (quoted)
        {
            return JsonValue.Create(text);
        }

        if (text.Length == 0 || text is "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return JsonValue.Create(text[0] is 't' or 'T');
        }

        var number = NormalizeNumber(text);
        if (number is null)
        {
            return JsonValue.Create(text);
        }

        if (ExperimentLimits.CheckNumber(number) is { } outOfRange)
        {
            throw new LimitExceededException(ExperimentRules.NumberOutOfRange, outOfRange, scalar.Start, pointer);
        }

        return JsonNode.Parse(number);
    }

    private JsonArray ReadSequence(string pointer)
    {
        _parser.MoveNext();
        var array = new JsonArray();
        while (!Accept<SequenceEnd>())
        {
            array.Add(ReadNode(SourceDocument.Child(pointer, array.Count)));
        }

        return array;
    }

    private JsonObject ReadMapping(string pointer)
    {
        _parser.MoveNext();
        var obj = new JsonObject();
        while (!Accept<MappingEnd>())
        {
            if (_parser.Current is not Scalar key)
            {
                var at = _parser.Current!.Start;
                throw new YamlException(at, at, "keys must be plain names, not lists or mappings");
            }

            _parser.MoveNext();
            if (ExperimentLimits.HasLoneSurrogate(key.Value))
            {
                throw new LimitExceededException(ExperimentRules.InvalidText, ExperimentLimits.LoneSurrogateMessage, key.Start, pointer);
            }

            _weight += key.Value.Length + 1;
            var child = SourceDocument.Child(pointer, key.Value);
            if (obj.ContainsKey(key.Value))
            {
                Fail($"duplicate key '{key.Value}'", key.Start);
                ReadNode(child + "/~duplicate");
                continue;
            }

            _keys[child] = Position(key.Start);
            obj[key.Value] = ReadNode(child);
        }

        return obj;
    }

    /// <summary>The JSON spelling of a YAML 1.2 core-schema int or float, or null when the scalar is not one.</summary>
    private static string? NormalizeNumber(string text)
    {
        if (HexOrOctal().Match(text) is { Success: true } radix)
        {
            var digits = radix.Groups["hex"].Success ? "0" + radix.Groups["hex"].Value : radix.Groups["oct"].Value;
            var value = radix.Groups["hex"].Success
                ? BigInteger.Parse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture)
                : digits.Aggregate(BigInteger.Zero, (n, d) => (n * 8) + (d - '0'));
            return value.ToString(CultureInfo.InvariantCulture);
        }

        var match = Decimal().Match(text);
        if (!match.Success)
        {
            return null;
        }

        var integer = match.Groups["int"].Value.TrimStart('0');
        var fraction = match.Groups["frac"].Value;
        if (match.Groups["int"].Length == 0 && fraction.Length == 0)
        {
            return null;
        }

        var result = (match.Groups["sign"].Value == "-" ? "-" : "") + (integer.Length == 0 ? "0" : integer);
        if (fraction.Length > 0)
        {
            result += "." + fraction;
        }

        return result + match.Groups["exp"].Value;
    }

    [GeneratedRegex("^(0x(?<hex>[0-9a-fA-F]+)|0o(?<oct>[0-7]+))$", RegexOptions.CultureInvariant)]
    private static partial Regex HexOrOctal();

    [GeneratedRegex(@"^(?<sign>[-+]?)(?<int>[0-9]*)(\.(?<frac>[0-9]*))?(?<exp>[eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Decimal();

    private static string Describe(YamlException e)
    {
        // YamlDotNet prefixes its message with the span "(Line: 2, Col: 4, Idx: 8) - (...): "; the diagnostic carries the position.
        var message = e.Message;
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        message = message.StartsWith("(Line:", StringComparison.Ordinal) && cut >= 0 ? message[(cut + 3)..] : message;
        message = message.TrimEnd('.', ' ');
        return message.Length > 0 ? char.ToLowerInvariant(message[0]) + message[1..] : "unreadable input";
    }

    private bool Accept<T>()
        where T : ParsingEvent
    {
        if (_parser.Current is not T)
        {
            return false;
        }

        _parser.MoveNext();
        return true;
    }

    private void Fail(string message, Mark at) => Fail(ExperimentRules.Syntax, message, at, "");

    private void Fail(string rule, string message, Mark at, string pointer)
    {
        var position = Position(at);
        _diagnostics.Add(new Diagnostic(rule, message, _origin, position.Line, position.Column, ExperimentLimits.DisplayPath(pointer)));
        _failed = true;
    }

    /// <summary>A document past one of <see cref="ExperimentLimits"/>: reading stops at once.</summary>
    private sealed class LimitExceededException(string rule, string message, Mark at, string pointer) : Exception(message)
    {
        public string Rule { get; } = rule;
        public Mark At { get; } = at;
        public string Pointer { get; } = pointer;
    }

    private static SourcePosition Position(Mark mark) =>
        mark.Line <= 0 ? SourcePosition.Start : new SourcePosition((int)mark.Line, (int)Math.Max(1, mark.Column));
}
