using System.Text.Json;
using Qxm.Domain.Errors;
using Qxm.Engine.Experiments;

namespace Qxm.Engine.Regression;

/// <summary>Reads a suite file (YAML or JSON, format v1); every problem at once, each at its <c>file:line:col</c>.</summary>
public static class RegressionSuiteLoader
{
    public const string Rule = "suite.format";

    /// <summary>Suites are small; a larger file is refused before it is parsed.</summary>
    public const int MaxBytes = 1 << 20;

    private static readonly string[] CaseKeys = ["name", "experiment", "shots", "seed", "backend", "expect"];

    public static (RegressionSuite? Suite, IReadOnlyList<Diagnostic> Diagnostics) LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            return (null, [new Diagnostic("cli.file-not-found", "no such file", path)]);
        }

        if (new FileInfo(path).Length > MaxBytes)
        {
            return (null, [new Diagnostic(Rule, $"a suite file is at most {MaxBytes} bytes", path)]);
        }

        return Load(File.ReadAllText(path), path);
    }

    public static (RegressionSuite? Suite, IReadOnlyList<Diagnostic> Diagnostics) Load(string text, string path)
    {
        var diagnostics = new List<Diagnostic>();
        var document = YamlSourceReader.Read(text, path, diagnostics);
        if (document is null || diagnostics.Any(d => d.IsError))
        {
            return (null, diagnostics);
        }

        var reader = new Reader(document, path, diagnostics);
        var suite = reader.Suite();
        return diagnostics.Any(d => d.IsError) ? (null, diagnostics) : (suite, diagnostics);
    }

    private sealed class Reader(SourceDocument document, string path, List<Diagnostic> diagnostics)
    {
        private readonly string _directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";

        public RegressionSuite? Suite()
        {
            var root = document.Root;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Fail("", "a suite is a mapping with version, name and experiments");
            }

            Keys("", root, ["version", "name", "experiments"]);
            if (!root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number || version.GetDouble() != 1)
            {
                Fail(root.TryGetProperty("version", out _) ? "/version" : "", "version must be 1");
            }

            var name = root.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : Path.GetFileNameWithoutExtension(path);
            if (!root.TryGetProperty("experiments", out var experiments) || experiments.ValueKind != JsonValueKind.Array || experiments.GetArrayLength() == 0)
            {
                return Fail(root.TryGetProperty("experiments", out _) ? "/experiments" : "", "experiments must be a non-empty list");
            }

            var cases = new List<SuiteCase>();
            var index = 0;
            foreach (var item in experiments.EnumerateArray())
            {
                if (Case($"/experiments/{index}", item) is { } parsed)
                {
                    cases.Add(parsed);
                }

                index++;
            }

            foreach (var duplicate in cases.GroupBy(c => c.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
            {
                Fail("/experiments", $"two experiments are named '{duplicate.Key}'; names identify test cases and must differ");
            }

            return new RegressionSuite(name, path, cases);
        }

        private SuiteCase? Case(string at, JsonElement item)
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                return Fail<SuiteCase>(at, "an experiment entry is a mapping with experiment and expect");
            }

            Keys(at, item, CaseKeys);
            var experiment = String(at, item, "experiment", required: true);
            if (experiment is null)
            {
                return null;
            }

            var name = String(at, item, "name") ?? Path.GetFileNameWithoutExtension(experiment);
            var shots = Number(at, item, "shots", 1, 10_000_000);
            var seed = Number(at, item, "seed", 0, long.MaxValue);
            var backend = String(at, item, "backend");
            if (!item.TryGetProperty("expect", out var expect) || expect.ValueKind != JsonValueKind.Array || expect.GetArrayLength() == 0)
            {
                return Fail<SuiteCase>(item.TryGetProperty("expect", out _) ? $"{at}/expect" : at, "expect must be a non-empty list of expectations");
            }

            var expectations = new List<Expectation>();
            var index = 0;
            foreach (var e in expect.EnumerateArray())
            {
                if (Expectation($"{at}/expect/{index}", e) is { } parsed)
                {
                    expectations.Add(parsed);
                }

                index++;
            }

            var file = Path.IsPathRooted(experiment) ? experiment : Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(_directory, experiment));
            return new SuiteCase(name, file, (int?)shots, (ulong?)seed, backend, expectations);
        }

        private Expectation? Expectation(string at, JsonElement item)
        {
            var kinds = item.ValueKind == JsonValueKind.Object ? item.EnumerateObject().Select(p => p.Name).ToList() : [];
            if (kinds.Count != 1 || item.GetProperty(kinds[0]) is not { ValueKind: JsonValueKind.Object } body)
            {
                return Fail<Expectation>(at, "an expectation is one of probability: {...}, tvd: {...} or expectation: {...}");
            }

            var inner = $"{at}/{kinds[0]}";
            var point = (int)(Number(inner, body, "point", 0, 1_000_000) ?? 0);
            var line = document.ValueAt(at).Line;
            switch (kinds[0])
            {
                case "probability":
                    Keys(inner, body, ["outcome", "value", "tolerance", "point"]);
                    var outcome = String(inner, body, "outcome", required: true);
                    if (outcome is not null && (outcome.Length == 0 || outcome.Any(c => c is not ('0' or '1'))))
                    {
                        Fail($"{inner}/outcome", $"outcome '{outcome}' must be a bit string such as \"00\"");
                    }

                    var value = Real(inner, body, "value", 0, 1, required: true);
                    var tolerance = Real(inner, body, "tolerance", 0, 1, required: true);
                    return outcome is null || value is null || tolerance is null ? null
                        : new OutcomeProbability(outcome, value.Value, tolerance.Value, point) { Line = line };
                case "tvd":
                    Keys(inner, body, ["reference", "max", "point"]);
                    var max = Real(inner, body, "max", 0, 1, required: true);
                    var reference = Reference(inner, body);
                    return max is null || reference is null ? null : new DistributionDistance(reference, max.Value, point) { Line = line };
                case "expectation":
                    Keys(inner, body, ["observable", "min", "max", "point"]);
                    var observable = String(inner, body, "observable", required: true);
                    if (observable is not null && (observable.Length == 0 || observable.Any(c => c is not ('Z' or 'I'))))
                    {
                        Fail($"{inner}/observable", $"observable '{observable}' must be a string of Z and I, one a measured bit (highest bit leftmost), such as ZZ");
                        observable = null;
                    }

                    var low = Real(inner, body, "min", -1, 1, required: true);
                    var high = Real(inner, body, "max", -1, 1, required: true);
                    if (low > high)
                    {
                        Fail($"{inner}/min", "min must not exceed max");
                    }

                    return observable is null || low is null || high is null ? null : new ParityExpectation(observable, low.Value, high.Value, point) { Line = line };
                default:
                    return Fail<Expectation>(at, $"unknown expectation '{kinds[0]}'; use probability, tvd or expectation");
            }
        }

        private Dictionary<string, double>? Reference(string at, JsonElement body)
        {
            if (!body.TryGetProperty("reference", out var reference) || reference.ValueKind != JsonValueKind.Object || !reference.EnumerateObject().Any())
            {
                return Fail<Dictionary<string, double>>(body.TryGetProperty("reference", out _) ? $"{at}/reference" : at, "reference must map outcomes to probabilities, such as {\"00\": 0.5, \"11\": 0.5}");
            }

            var map = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var entry in reference.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.Number || entry.Value.GetDouble() < 0 || entry.Name.Length == 0 || entry.Name.Any(c => c is not ('0' or '1')))
                {
                    Fail($"{at}/reference/{entry.Name}", $"'{entry.Name}' must be a bit string with a probability of at least 0");
                    continue;
                }

                map[entry.Name] = entry.Value.GetDouble();
            }

            var sum = map.Values.Sum();
            if (Math.Abs(sum - 1) > 1e-6)
            {
                return Fail<Dictionary<string, double>>($"{at}/reference", $"the reference probabilities sum to {sum:0.######}, not 1");
            }

            return map;
        }

        private void Keys(string at, JsonElement item, string[] known)
        {
            foreach (var property in item.EnumerateObject().Where(p => !known.Contains(p.Name, StringComparer.Ordinal)))
            {
                Add(document.KeyAt($"{at}/{property.Name}"), $"unknown key '{property.Name}'; known here: {string.Join(", ", known)}");
            }
        }

        private string? String(string at, JsonElement item, string key, bool required = false)
        {
            if (!item.TryGetProperty(key, out var value))
            {
                return required ? Fail<string>(at, $"{key} is required") : null;
            }

            return value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : Fail<string>($"{at}/{key}", $"{key} must be a non-empty string");
        }

        private long? Number(string at, JsonElement item, string key, long min, long max)
        {
            if (!item.TryGetProperty(key, out var value))
            {
                return null;
            }

            return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number >= min && number <= max
                ? number
                : Fail<long>($"{at}/{key}", $"{key} must be a whole number from {min} to {max}");
        }

        private double? Real(string at, JsonElement item, string key, double min, double max, bool required)
        {
            if (!item.TryGetProperty(key, out var value))
            {
                return required ? Fail<double>(at, $"{key} is required") : null;
            }

            return value.ValueKind == JsonValueKind.Number && value.GetDouble() is var number && number >= min && number <= max
                ? number
                : Fail<double>($"{at}/{key}", $"{key} must be a number from {min} to {max}");
        }

        private RegressionSuite? Fail(string at, string message) => Fail<RegressionSuite>(at, message);

        private T? Fail<T>(string at, string message)
        {
            Add(document.ValueAt(at), message);
            return default;
        }

        private void Add(SourcePosition position, string message) =>
            diagnostics.Add(new Diagnostic(Rule, message, path, position.Line, position.Column));
    }
}
