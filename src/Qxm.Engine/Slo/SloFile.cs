using System.Globalization;
using Qxm.Domain.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Qxm.Engine.Slo;

/// <summary>The SLO file (YAML): <c>slos</c> (name, sli, objective, window, threshold_seconds) and <c>maintenance</c>
/// (backend, start, end). Errors name the file, line and column.</summary>
public sealed record SloFile(IReadOnlyList<SloDefinition> Slos, IReadOnlyList<MaintenanceWindow> Maintenance)
{
    public static (SloFile? File, Diagnostic? Error) Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            return (null, new Diagnostic("slo.file-missing", $"no SLO file at '{path}'", path));
        }

        return Parse(File.ReadAllText(path), path);
    }

    public static (SloFile? File, Diagnostic? Error) Parse(string text, string origin)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            return (null, new Diagnostic("slo.yaml", e.Message, origin, (int)e.Start.Line, (int)e.Start.Column));
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            return (null, new Diagnostic("slo.shape", "an SLO file is a mapping with 'slos' and optionally 'maintenance'", origin, 1, 1));
        }

        Diagnostic Error(YamlNode node, string message) => new("slo.invalid", message, origin, (int)node.Start.Line, (int)node.Start.Column);
        var slos = new List<SloDefinition>();
        var maintenance = new List<MaintenanceWindow>();
        foreach (var (keyNode, valueNode) in root.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value;
            if (valueNode is not YamlSequenceNode items)
            {
                return (null, Error(valueNode, $"'{key}' must be a list"));
            }

            foreach (var item in items)
            {
                if (item is not YamlMappingNode map)
                {
                    return (null, Error(item, $"each entry of '{key}' is a mapping"));
                }

                string? Field(string name) => map.Children.TryGetValue(new YamlScalarNode(name), out var v) ? (v as YamlScalarNode)?.Value : null;
                switch (key)
                {
                    case "slos":
                        var name = Field("name");
                        var sli = Field("sli");
                        if (string.IsNullOrWhiteSpace(name) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                        {
                            return (null, Error(map, "an SLO needs a 'name' of letters, digits, '-' and '_'"));
                        }

                        if (sli is null || !SloDefinition.Slis.Contains(sli))
                        {
                            return (null, Error(map, $"SLO '{name}': 'sli' must be one of {string.Join(", ", SloDefinition.Slis)}"));
                        }

                        if (!double.TryParse(Field("objective"), NumberStyles.Float, CultureInfo.InvariantCulture, out var objective) || objective is <= 0 or >= 1)
                        {
                            return (null, Error(map, $"SLO '{name}': 'objective' must be a fraction between 0 and 1, e.g. 0.99"));
                        }

                        if (!SliWindow.TryParse(Field("window") ?? "30d", out var window) || window < TimeSpan.FromHours(1))
                        {
                            return (null, Error(map, $"SLO '{name}': 'window' must be a duration of at least 1h, e.g. 30d"));
                        }

                        double? threshold = null;
                        if (sli != SloDefinition.SuccessRate)
                        {
                            if (!double.TryParse(Field("threshold_seconds"), NumberStyles.Float, CultureInfo.InvariantCulture, out var t)
                                || !Diagnostics.QxmTelemetry.DurationBuckets.Contains(t))
                            {
                                return (null, Error(map, $"SLO '{name}': 'threshold_seconds' must be a bucket boundary ({string.Join(", ", Diagnostics.QxmTelemetry.DurationBuckets.Select(b => b.ToString(CultureInfo.InvariantCulture)))})"));
                            }

                            threshold = t;
                        }

                        if (slos.Any(s => s.Name == name))
                        {
                            return (null, Error(map, $"SLO '{name}' is declared twice"));
                        }

                        slos.Add(new SloDefinition(name, sli, objective, window, threshold));
                        break;
                    case "maintenance":
                        var backend = Field("backend");
                        if (string.IsNullOrWhiteSpace(backend)
                            || !DateTimeOffset.TryParse(Field("start"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var start)
                            || !DateTimeOffset.TryParse(Field("end"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var end)
                            || end <= start)
                        {
                            return (null, Error(map, "a maintenance window needs 'backend', 'start' and a later 'end' (ISO 8601 times)"));
                        }

                        maintenance.Add(new MaintenanceWindow(backend, start, end));
                        break;
                    default:
                        return (null, Error(keyNode, $"unknown key '{key}' (expected 'slos' or 'maintenance')"));
                }
            }
        }

        return slos.Count == 0
            ? (null, new Diagnostic("slo.empty", "the SLO file declares no SLO under 'slos'", origin, 1, 1))
            : (new SloFile(slos, maintenance), null);
    }
}
