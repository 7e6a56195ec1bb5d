using System.Text.Json;
using Qxm.Domain.Calibration;
using Qxm.Domain.Errors;
using Qxm.Domain.Experiments;
using Qxm.Domain.Loops;
using Qxm.Domain.Observables;
using Qxm.Engine.Observables;

namespace Qxm.Engine.Experiments;

/// <summary>Builds the <see cref="ExperimentDefinition"/> from a document the schema has checked, and
/// checks what a schema cannot: arithmetic strings, the circuit file, zip lengths. Values the schema
/// already rejected are skipped, so each problem is reported once.</summary>
internal sealed class ExperimentMapper
{
    /// <summary>More points than this is almost surely a mistake, and would exhaust memory when expanded.</summary>
    internal const long MaxSweepPoints = 1_000_000;

    internal const string InlineOrigin = "<inline>";

    private readonly SourceDocument _document;
    private readonly string _origin;
    private readonly string? _baseDirectory;
    private readonly IReadOnlySet<string> _broken;
    private readonly ICollection<Diagnostic> _diagnostics;

    private ExperimentMapper(SourceDocument document, string origin, string? baseDirectory, IReadOnlySet<string> broken, ICollection<Diagnostic> diagnostics)
    {
        _document = document;
        _origin = origin;
        _baseDirectory = baseDirectory;
        _broken = broken;
        _diagnostics = diagnostics;
    }

    public static ExperimentDefinition? Map(SourceDocument document, string origin, string? baseDirectory, IReadOnlySet<string> broken, ICollection<Diagnostic> diagnostics) =>
        new ExperimentMapper(document, origin, baseDirectory, broken, diagnostics).Map();

    private ExperimentDefinition? Map()
    {
        var root = _document.Root;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var circuit = Circuit(root);
        var sweep = Text(root, "sweep") == "zip" ? SweepMode.Zip : SweepMode.Grid;
        var parameters = Parameters(root, sweep);
        var observables = Observables(root);
        var expectation = Text(root, "expectation") == "exact" ? ExpectationMode.Exact : ExpectationMode.Shots;
        if (expectation == ExpectationMode.Exact && (Text(root, "backend") ?? (root.TryGetProperty("requirements", out _) ? "" : "sim.statevector")) is var target && target != "sim.statevector")
        {
            Report(ExperimentRules.Value, $"expectation: exact needs backend sim.statevector (the ideal simulator), not '{target}'; other backends estimate from shots", "/expectation");
        }

        var optimize = Optimize(root, parameters, observables);
        var (mitigation, zne) = Mitigation(root);
        if (mitigation != MitigationMethod.None && observables.Count == 0 && !IsBroken("/observables"))
        {
            Report(ExperimentRules.Value, $"mitigation: {mitigation.ToString().ToLowerInvariant()} corrects observables; declare observables: to mitigate", "/mitigation");
        }

        if (_diagnostics.Count > 0 || circuit is null || _broken.Count > 0)
        {
            return null;
        }

        var shots = root.GetProperty("shots");
        var requirements = Requirements(root);
        return new ExperimentDefinition
        {
            Name = root.GetProperty("name").GetString()!,
            CircuitSource = circuit.Value.Source,
            CircuitOrigin = circuit.Value.Origin,
            Parameters = parameters,
            Sweep = sweep,
            Observables = observables.Count == 0 ? [] : observables,
            Expectation = expectation,
            Mitigation = mitigation,
            Zne = zne,
            Optimize = optimize,
            Hooks = Hooks(root),
            Shots = shots.TryGetInt32(out var whole) ? whole : (int)shots.GetDouble(),
            Backend = Text(root, "backend") ?? (requirements is null ? "sim.statevector" : ExperimentDefinition.AnyBackend),
            Requirements = requirements,
            Seed = root.TryGetProperty("seed", out var seed) ? (seed.TryGetUInt64(out var s) ? s : (ulong)seed.GetDecimal()) : null,
            Priority = Text(root, "priority") ?? Priority.Normal,
            OnDrift = ExperimentNames.Parse<DriftPolicy>(Text(root, "onDrift")),
            Cache = ExperimentNames.Parse<CachePolicy>(Text(root, "cache")) ?? CachePolicy.Never,
            Failover = root.TryGetProperty("failover", out var failover) ? failover.EnumerateArray().Select(t => t.GetString()!).ToList() : null,
            Tags = root.TryGetProperty("tags", out var tags) ? tags.EnumerateArray().Select(t => t.GetString()!).ToList() : [],
            Options = root.TryGetProperty("options", out var options) && options.ValueKind == JsonValueKind.Object
                ? new RunOptions(
                    options.TryGetProperty("threads", out var threads) ? threads.GetInt32() : null,
                    options.TryGetProperty("precision", out var precision) ? precision.GetString() : null)
                : null,
        };
    }

    /// <summary>The mitigation asked for: a name, or zero-noise extrapolation's settings as an object (odd scale factors
    /// ascending from 1, which the schema cannot say).</summary>
    private (MitigationMethod Method, ZneSettings? Zne) Mitigation(JsonElement root)
    {
        if (!root.TryGetProperty("mitigation", out var value) || IsBroken("/mitigation"))
        {
            return (MitigationMethod.None, null);
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return ExperimentNames.Parse<MitigationMethod>(value.GetString()) switch
            {
                MitigationMethod.Zne => (MitigationMethod.Zne, ZneSettings.Default),
                { } method => (method, null),
                null => (MitigationMethod.None, null),
            };
        }

        var scales = value.TryGetProperty("scaleFactors", out var factors)
            ? factors.EnumerateArray().Select(f => f.GetInt32()).ToArray()
            : [.. ZneSettings.Default.ScaleFactors];
        if (scales[0] != 1 || scales.Any(f => f % 2 == 0) || scales.Zip(scales.Skip(1)).Any(p => p.Second <= p.First))
        {
            Report(ExperimentRules.Value,
                $"mitigation.scaleFactors [{string.Join(", ", scales)}] must be odd and ascending from 1 (scale 2k+1 folds the gates k times), e.g. [1, 3, 5]",
                "/mitigation/scaleFactors");
        }

        var fit = (value.TryGetProperty("fit", out var f) ? ExperimentNames.Parse<ZneFit>(f.GetString()) : null) ?? ZneFit.Richardson;
        return (MitigationMethod.Zne, new ZneSettings(scales, fit));
    }

    private static BackendRequirements? Requirements(JsonElement root)
    {
        if (!root.TryGetProperty("requirements", out var r) || r.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return new BackendRequirements(
            r.TryGetProperty("minQubits", out var min) && min.TryGetInt32(out var qubits) ? qubits : null,
            r.TryGetProperty("nativeGates", out var gates) ? [.. gates.EnumerateArray().Select(g => g.GetString()!)] : null,
            ExperimentNames.Parse<Connectivity>(r.TryGetProperty("connectivity", out var c) ? c.GetString() : null) ?? Connectivity.Any,
            r.TryGetProperty("maxCostPerShot", out var cost) && cost.TryGetDecimal(out var price) ? price : null);
    }

    private (string Source, string Origin)? Circuit(JsonElement root)
    {
        const string pointer = "/circuit";
        if (!root.TryGetProperty("circuit", out var circuit) || IsBroken(pointer))
        {
            return null;
        }

        if (circuit.ValueKind == JsonValueKind.Object && circuit.TryGetProperty("source", out var inline))
        {
            return (inline.GetString()!, InlineOrigin);
        }

        var pathPointer = circuit.ValueKind == JsonValueKind.String ? pointer : pointer + "/path";
        var path = (circuit.ValueKind == JsonValueKind.String ? circuit : circuit.GetProperty("path")).GetString()!;
        if (_baseDirectory is null)
        {
            Report(ExperimentRules.CircuitPathNotAllowed, $"circuit path '{path}' is not allowed here; inline the OpenQASM text with circuit: {{source: ...}}", pathPointer);
            return null;
        }

        try
        {
            var full = Path.Combine(_baseDirectory, path);
            if (File.Exists(full))
            {
                return (File.ReadAllText(full), path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            Report(ExperimentRules.CircuitNotFound, $"circuit file '{path}' cannot be read: {e.Message}", pathPointer);
            return null;
        }

        Report(ExperimentRules.CircuitNotFound, $"circuit file '{path}' not found (paths are relative to the experiment file)", pathPointer);
        return null;
    }

    private List<ParameterAxis> Parameters(JsonElement root, SweepMode sweep)
    {
        var axes = new List<ParameterAxis>();
        if (!root.TryGetProperty("parameters", out var parameters) || parameters.ValueKind != JsonValueKind.Object)
        {
            return axes;
        }

        var complete = true;
        var pointers = new List<string>();
        foreach (var parameter in parameters.EnumerateObject())
        {
            var pointer = SourceDocument.Child("/parameters", parameter.Name);
            var values = IsBroken(pointer) ? null : Values(parameter.Value, pointer);
            if (values is null)
            {
                complete = false;
                continue;
            }

            axes.Add(new ParameterAxis(parameter.Name, values));
            pointers.Add(pointer);
        }

        // Lengths are only worth comparing when every axis is known; otherwise the fix may change them.
        if (!complete)
        {
            return axes;
        }

        if (sweep == SweepMode.Zip)
        {
            var lists = axes.Select((a, i) => (Axis: a, Pointer: pointers[i])).Where(x => x.Axis.Values.Count > 1).ToList();
            foreach (var (axis, pointer) in lists.Skip(1).Where(x => x.Axis.Values.Count != lists[0].Axis.Values.Count))
            {
                var first = lists[0].Axis;
                Report(ExperimentRules.Value, $"a zip sweep needs lists of equal length: '{first.Name}' has {first.Values.Count} values, '{axis.Name}' has {axis.Values.Count}", pointer);
            }
        }

        var points = sweep == SweepMode.Zip
            ? axes.Select(a => (long)a.Values.Count).DefaultIfEmpty(1).Max()
            : axes.Aggregate(1L, (n, a) => Math.Min(n * a.Values.Count, MaxSweepPoints + 1));
        if (points > MaxSweepPoints)
        {
            Report(ExperimentRules.Value, $"the sweep has more than {MaxSweepPoints:N0} points", "/parameters");
        }

        return axes;
    }

    /// <summary>Each observable as canonical terms (equal strings summed, zero weights dropped, label order), from either
    /// spelling: an expression string, or a map of letter strings, qubit 0 rightmost, all of one length.</summary>
    private List<Observable> Observables(JsonElement root)
    {
        var observables = new List<Observable>();
        if (!root.TryGetProperty("observables", out var all) || all.ValueKind != JsonValueKind.Object || IsBroken("/observables"))
        {
            return observables;
        }

        foreach (var member in all.EnumerateObject())
        {
            var pointer = SourceDocument.Child("/observables", member.Name);
            Dictionary<string, double>? terms;
            int? width = null;
            if (member.Value.ValueKind == JsonValueKind.String)
            {
                terms = PauliExpression.Parse(member.Value.GetString()!, out var error);
                if (terms is null)
                {
                    Report(ExperimentRules.Value, $"observables.{member.Name} \"{member.Value.GetString()}\" is not a Pauli sum: {error}", pointer);
                    continue;
                }
            }
            else
            {
                terms = new Dictionary<string, double>(StringComparer.Ordinal);
                foreach (var entry in member.Value.EnumerateObject())
                {
                    var at = SourceDocument.Child(pointer, entry.Name);
                    width ??= entry.Name.Length;
                    if (entry.Name.Length != width)
                    {
                        ReportKey(ExperimentRules.Value,
                            $"observables.{member.Name}: '{entry.Name}' has {entry.Name.Length} letters but '{member.Value.EnumerateObject().First().Name}' has {width}; every key names one letter per qubit, qubit 0 rightmost",
                            at);
                        terms = null;
                        break;
                    }

                    if (Number(entry.Value, at) is not { } weight || PauliLabel.FromLetters(entry.Name) is not { } factors)
                    {
                        terms = null;
                        break;
                    }

                    var label = PauliLabel.Format(factors);
                    terms[label] = terms.GetValueOrDefault(label) + weight;
                }

                if (terms is null)
                {
                    continue;
                }
            }

            observables.Add(new Observable(member.Name, [.. terms.Where(t => t.Value != 0).OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new PauliTerm(t.Key, t.Value))])
            {
                Width = width,
            });
        }

        return observables;
    }

    private ExperimentHooks? Hooks(JsonElement root)
    {
        if (!root.TryGetProperty("hooks", out var hooks) || hooks.ValueKind != JsonValueKind.Object || IsBroken("/hooks"))
        {
            return null;
        }

        return new ExperimentHooks(Hook(hooks, "pre"), Hook(hooks, "post"));
    }

    private Hook? Hook(JsonElement hooks, string name)
    {
        if (!hooks.TryGetProperty(name, out var hook))
        {
            return null;
        }

        var command = hook.TryGetProperty("command", out var argv) ? argv.EnumerateArray().Select(a => a.GetString()!).ToList() : null;
        var url = hook.TryGetProperty("url", out var u) ? u.GetString() : null;
        if ((command is null) == (url is null))
        {
            Report(ExperimentRules.Value, $"hooks.{name} needs exactly one of command (a program and its arguments) or url", "/hooks/" + name);
            return null;
        }

        var timeout = hook.TryGetProperty("timeoutSeconds", out var t) ? t.GetDouble() : Domain.Experiments.Hook.DefaultTimeoutSeconds;
        return new Hook(command, url, timeout);
    }

    /// <summary>The loop of a <c>kind: optimize</c> experiment; its objective must be one of the observables or the post hook, its inputs
    /// not also given in <c>parameters</c>, and nothing swept (the objective is one value per run).</summary>
    private OptimizeSettings? Optimize(JsonElement root, List<ParameterAxis> parameters, List<Observable> observables)
    {
        var kind = Text(root, "kind");
        var has = root.TryGetProperty("optimize", out var o) && o.ValueKind == JsonValueKind.Object;
        if (kind == "optimize" && !has && !IsBroken("/kind"))
        {
            Report(ExperimentRules.MissingField, "kind: optimize needs an optimize: section (objective, initial)", "/kind");
            return null;
        }

        if (!has || IsBroken("/optimize"))
        {
            return null;
        }

        if (kind != "optimize")
        {
            ReportKey(ExperimentRules.Value, "optimize: is only read by kind: optimize experiments; add kind: optimize", "/optimize");
            return null;
        }

        var objective = o.GetProperty("objective").GetString()!;
        if (objective == OptimizeSettings.PostHookObjective)
        {
            if (!(root.TryGetProperty("hooks", out var hooks) && hooks.ValueKind == JsonValueKind.Object && hooks.TryGetProperty("post", out _)) && !IsBroken("/hooks"))
            {
                Report(ExperimentRules.Value, $"optimize.objective '{objective}' names the post hook, but the experiment has no hooks.post (a command or url that answers {{\"value\": number}})", "/optimize/objective");
            }
        }
        else if (observables.All(x => x.Name != objective) && !IsBroken("/observables"))
        {
            var known = observables.Count == 0 ? "the experiment declares no observables" : "observables: " + string.Join(", ", observables.Select(x => x.Name));
            Report(ExperimentRules.Value, $"optimize.objective '{objective}' is not an observable of this experiment ({known})", "/optimize/objective");
        }

        var initial = new List<KeyValuePair<string, double>>();
        foreach (var input in o.GetProperty("initial").EnumerateObject())
        {
            var pointer = SourceDocument.Child("/optimize/initial", input.Name);
            if (parameters.Any(p => p.Name == input.Name))
            {
                ReportKey(ExperimentRules.Value, $"'{input.Name}' is set by the optimizer; remove it from parameters", pointer);
            }
            else if (Number(input.Value, pointer) is { } start)
            {
                initial.Add(new(input.Name, start));
            }
        }

        foreach (var swept in parameters.Where(p => p.Values.Count > 1))
        {
            Report(ExperimentRules.Value, $"parameters.{swept.Name} is swept, but an optimize loop evaluates one point per run; give it one value", SourceDocument.Child("/parameters", swept.Name));
        }

        return new OptimizeSettings(objective, initial)
        {
            Maximize = o.TryGetProperty("maximize", out var max) && max.ValueKind == JsonValueKind.True,
            Method = ExperimentNames.Parse<OptimizerMethod>(o.TryGetProperty("method", out var m) ? m.GetString() : null) ?? OptimizerMethod.NelderMead,
            Step = o.TryGetProperty("step", out var step) ? step.GetDouble() : 0.2,
            MaxIterations = o.TryGetProperty("maxIterations", out var iterations) ? iterations.GetInt32() : 200,
            Tolerance = o.TryGetProperty("tolerance", out var tolerance) ? tolerance.GetDouble() : 1e-6,
            MaxShots = o.TryGetProperty("maxShots", out var shots) && shots.TryGetInt64(out var budget) ? budget : null,
            MaxSeconds = o.TryGetProperty("maxSeconds", out var seconds) ? seconds.GetDouble() : null,
            MaxCost = o.TryGetProperty("maxCost", out var cost) && cost.TryGetDecimal(out var money) ? money : null,
            Seed = o.TryGetProperty("seed", out var seed) ? (seed.TryGetUInt64(out var s) ? s : (ulong)seed.GetDecimal()) : 0,
        };
    }

    private List<double>? Values(JsonElement value, string pointer)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Array:
                var list = new List<double>(value.GetArrayLength());
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    var number = Number(item, SourceDocument.Child(pointer, index++));
                    if (number is not null)
                    {
                        list.Add(number.Value);
                    }
                }

                return list.Count == index ? list : null;
            case JsonValueKind.Object:
                var linspace = value.GetProperty("linspace");
                var start = Number(linspace.GetProperty("start"), pointer + "/linspace/start");
                var stop = Number(linspace.GetProperty("stop"), pointer + "/linspace/stop");
                return start is null || stop is null ? null : Linspace(start.Value, stop.Value, linspace.GetProperty("num").GetInt32());
            default:
                return Number(value, pointer) is { } single ? [single] : null;
        }
    }

    /// <summary>Like numpy.linspace: endpoints included and exact.</summary>
    internal static List<double> Linspace(double start, double stop, int num)
    {
        if (num == 1)
        {
            return [start];
        }

        var step = (stop - start) / (num - 1);
        var values = new List<double>(num);
        for (var i = 0; i < num - 1; i++)
        {
            values.Add(start + (i * step));
        }

        values.Add(stop);
        return values;
    }

    private double? Number(JsonElement value, string pointer)
    {
        if (value.ValueKind == JsonValueKind.Number)
        {
            if (value.TryGetDouble(out var number) && double.IsFinite(number))
            {
                return number;
            }

            Report(ExperimentRules.Value, $"{_document.DisplayPath(pointer)} is too large: {value.GetRawText()}", pointer);
            return null;
        }

        var text = value.GetString()!;
        var result = ArithmeticExpression.Evaluate(text, out var error);
        if (result is null)
        {
            Report(ExperimentRules.Value, $"{_document.DisplayPath(pointer)} \"{text}\" is not a valid expression: {error}", pointer);
        }

        return result;
    }

    private string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !IsBroken("/" + name) ? value.GetString() : null;

    private bool IsBroken(string pointer) =>
        _broken.Contains(pointer) || _broken.Any(b => b.StartsWith(pointer + "/", StringComparison.Ordinal));

    private void ReportKey(string rule, string message, string pointer)
    {
        var at = _document.KeyAt(pointer);
        _diagnostics.Add(new Diagnostic(rule, message, _origin, at.Line, at.Column, _document.DisplayPath(pointer)));
    }

    private void Report(string rule, string message, string pointer)
    {
        var at = _document.ValueAt(pointer);
        _diagnostics.Add(new Diagnostic(rule, message, _origin, at.Line, at.Column, _document.DisplayPath(pointer)));
    }
}
