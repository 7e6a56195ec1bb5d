using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Qxm.Domain.Errors;

namespace Qxm.Engine.Experiments;

/// <summary>Turns JSON Schema evaluation errors into diagnostics a user can act on: the rule, a
/// sentence naming the field, and the place in the source. The constraint's details (bounds, allowed
/// values, known fields) are read from the schema itself, so the schema stays the single source.</summary>
internal sealed class SchemaErrorTranslator
{
    private static readonly Lazy<JsonNode> SchemaNode = new(() => JsonNode.Parse(ExperimentSchema.Text)!);

    private static readonly Dictionary<string, string> TypePhrases = new(StringComparer.Ordinal)
    {
        ["number|string"] = "a number or an arithmetic string such as \"pi/2\"",
        ["array|number|object|string"] = "a number, an arithmetic string, a list of numbers or {linspace: {start, stop, num}}",
        ["object|string"] = "a file path, {path: ...} or {source: ...}",
        ["integer"] = "an integer",
        ["number"] = "a number",
        ["string"] = "a string",
        ["object"] = "a mapping",
        ["array"] = "a list",
        ["boolean"] = "true or false",
    };

    private readonly SourceDocument _document;
    private readonly string _origin;

    // Fields an unknown-field hint already points to; "missing 'shots'" next to "did you mean 'shots'?" says nothing new.
    private readonly HashSet<string> _suggested = new(StringComparer.Ordinal);

    private static readonly EvaluationOptions FlagOnly = new() { OutputFormat = OutputFormat.Flag };

    private SchemaErrorTranslator(SourceDocument document, string origin)
    {
        _document = document;
        _origin = origin;
    }

    /// <summary>Validates <paramref name="document"/> and adds a diagnostic per problem; returns the
    /// pointers of the values found wrong, so later checks can leave them alone.</summary>
    public static IReadOnlySet<string> Validate(SourceDocument document, string origin, ICollection<Diagnostic> diagnostics)
    {
        var broken = new HashSet<string>(StringComparer.Ordinal);

        // Most documents are valid: the pass/fail evaluation stops early and builds no report, and only a document
        // that fails is evaluated again for the full list of what is wrong.
        if (ExperimentSchema.Compiled.Evaluate(document.Root, FlagOnly).IsValid)
        {
            return broken;
        }

        var results = ExperimentSchema.Compiled.Evaluate(document.Root, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var translator = new SchemaErrorTranslator(document, origin);

        var found = new List<Diagnostic>();
        var missing = new Dictionary<Diagnostic, string>();
        foreach (var result in (results.Details ?? []).Prepend(results))
        {
            var evaluationPath = result.EvaluationPath.ToString();
            // An "if" subschema fails by design whenever its condition is false; that is no error.
            if (result.Errors is null || SourceDocument.Segments(evaluationPath).Contains("if"))
            {
                continue;
            }

            foreach (var (keyword, message) in result.Errors)
            {
                foreach (var (diagnostic, pointer) in translator.Translate(keyword, message, result.InstanceLocation.ToString(), evaluationPath))
                {
                    broken.Add(pointer);
                    if (!found.Contains(diagnostic))
                    {
                        found.Add(diagnostic);
                        if (diagnostic.Rule == ExperimentRules.MissingField)
                        {
                            missing[diagnostic] = pointer;
                        }
                    }
                }
            }
        }

        foreach (var diagnostic in found.Where(d => !missing.TryGetValue(d, out var pointer) || !translator._suggested.Contains(pointer)))
        {
            diagnostics.Add(diagnostic);
        }

        return broken;
    }

    private IEnumerable<(Diagnostic Diagnostic, string Pointer)> Translate(string keyword, string libraryMessage, string pointer, string evaluationPath)
    {
        var schema = SchemaAt(evaluationPath) as JsonObject;
        var constraint = schema?[keyword];
        var value = _document.Find(pointer);
        var subject = Subject(pointer);
        var got = value is { } v ? Describe(v) : "nothing";
        var segments = SourceDocument.Segments(evaluationPath);
        var last = segments.Count > 0 ? segments[^1] : "";

        if (last == "additionalProperties" && keyword.Length == 0)
        {
            var known = (SchemaAt(SourceDocument.Parent(evaluationPath))?["properties"] as JsonObject)?.Select(p => p.Key).ToList() ?? [];
            var name = SourceDocument.Segments(pointer)[^1];
            var suggestion = NameSuggestion.Closest(name, known);
            if (suggestion is not null)
            {
                _suggested.Add(SourceDocument.Child(SourceDocument.Parent(pointer), suggestion));
            }

            var hint = suggestion is not null ? $" (did you mean '{suggestion}'?)"
                : known.Count > 0 ? $" (expected one of: {string.Join(", ", known)})"
                : "";
            yield return (At(ExperimentRules.UnknownField, $"unknown field '{name}'{hint}", pointer, key: true), pointer);
            yield break;
        }

        if (last == "propertyNames")
        {
            var name = SourceDocument.Segments(pointer)[^1];
            var parent = Subject(SourceDocument.Parent(pointer));
            var expected = (SchemaAt(evaluationPath)?["description"])?.GetValue<string>() ?? "another name";
            yield return (At(ExperimentRules.Value, $"'{name}' is not a valid name in {parent}: expected {expected}", pointer, key: true), pointer);
            yield break;
        }

        switch (keyword)
        {
            case "required":
                var present = value is { ValueKind: JsonValueKind.Object } obj ? obj.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal) : [];
                foreach (var name in (constraint as JsonArray ?? []).Select(n => n!.GetValue<string>()).Where(n => !present.Contains(n)))
                {
                    var child = SourceDocument.Child(pointer, name);
                    var at = _document.ValueAt(pointer);
                    var path = pointer.Length == 0 ? name : _document.DisplayPath(pointer) + "." + name;
                    yield return (new Diagnostic(ExperimentRules.MissingField, $"missing required field '{name}'", _origin, at.Line, at.Column, path), child);
                }

                yield break;
            case "type":
                var types = constraint is JsonArray list ? list.Select(t => t!.GetValue<string>()).Order(StringComparer.Ordinal).ToList() : [constraint?.GetValue<string>() ?? "?"];
                var phrase = TypePhrases.TryGetValue(string.Join('|', types), out var known) ? known : string.Join(" or ", types);
                var what = pointer.Length == 0 ? "the experiment must be a mapping of fields" : $"{subject} must be {phrase}";
                yield return (At(ExperimentRules.Type, $"{what} (got {got})", pointer), pointer);
                yield break;
            default:
                yield return (At(ExperimentRules.Value, ValueMessage(keyword, libraryMessage, constraint, schema, subject, got), pointer), pointer);
                yield break;
        }
    }

    private static string ValueMessage(string keyword, string libraryMessage, JsonNode? constraint, JsonObject? schema, string subject, string got) => keyword switch
    {
        "const" => $"{subject} must be {constraint?.ToJsonString()} (got {got})",
        "enum" => $"{subject} must be one of {string.Join(", ", (constraint as JsonArray ?? []).Select(v => v is JsonValue s && s.TryGetValue<string>(out var text) ? text : v?.ToJsonString()))} (got {got})",
        "minimum" => $"{subject} must be at least {constraint?.ToJsonString()} (got {got})",
        "maximum" => $"{subject} must be at most {constraint?.ToJsonString()} (got {got})",
        "minItems" or "minLength" when constraint?.GetValue<int>() == 1 => $"{subject} must not be empty",
        "minItems" => $"{subject} must have at least {constraint?.ToJsonString()} items (got {got})",
        "maxItems" => $"{subject} must have at most {constraint?.ToJsonString()} items",
        "maxLength" => $"{subject} must be at most {constraint?.ToJsonString()} characters long",
        "minProperties" or "maxProperties" =>
            $"{subject} needs exactly one of {string.Join(" or ", (schema?["properties"] as JsonObject ?? []).Select(p => $"'{p.Key}'"))}",
        "uniqueItems" => $"{subject} must not list the same item twice",
        "pattern" => $"{subject} {got} is invalid: expected {schema?["description"]?.GetValue<string>() ?? "another form"}",
        _ => $"{subject}: {libraryMessage}",
    };

    private Diagnostic At(string rule, string message, string pointer, bool key = false)
    {
        var at = key ? _document.KeyAt(pointer) : _document.ValueAt(pointer);
        return new Diagnostic(rule, message, _origin, at.Line, at.Column, pointer.Length == 0 ? null : _document.DisplayPath(pointer));
    }

    private string Subject(string pointer) => pointer.Length == 0 ? "the experiment" : _document.DisplayPath(pointer);

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => Quote(value.GetString()!),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Object => "a mapping",
        JsonValueKind.Array => value.GetArrayLength() == 0 ? "an empty list" : "a list",
        _ => "nothing",
    };

    private static string Quote(string text) =>
        "\"" + (text.Length > 40 ? text[..37] + "..." : text).ReplaceLineEndings(" ") + "\"";

    /// <summary>The subschema an evaluation path leads to, following local <c>$ref</c>s. The library
    /// repeats some keywords in its paths (<c>items/items</c>); segments that lead nowhere are skipped.</summary>
    private static JsonNode? SchemaAt(string evaluationPath)
    {
        var node = SchemaNode.Value;
        foreach (var segment in SourceDocument.Segments(evaluationPath))
        {
            if (segment == "$ref" && node?["$ref"] is JsonValue reference)
            {
                node = Resolve(reference.GetValue<string>());
            }
            else if (node is JsonObject obj && obj.TryGetPropertyValue(segment, out var child))
            {
                node = child;
            }
            else if (node is JsonArray array && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < array.Count)
            {
                node = array[index];
            }
        }

        return node;
    }

    private static JsonNode? Resolve(string reference)
    {
        var node = SchemaNode.Value;
        foreach (var segment in SourceDocument.Segments(reference.TrimStart('#')))
        {
            node = node?[segment];
        }

        return node;
    }
}
