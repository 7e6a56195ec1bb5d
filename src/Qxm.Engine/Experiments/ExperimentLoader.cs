using Qxm.Domain.Errors;

namespace Qxm.Engine.Experiments;

/// <summary>Loads experiment files (format v1, YAML or JSON) into <see cref="Qxm.Domain.Experiments.ExperimentDefinition"/>s,
/// reporting every problem found as a located <see cref="Diagnostic"/>.</summary>
public static class ExperimentLoader
{
    /// <summary>Loads a file, choosing the syntax by extension (<c>.yaml</c>, <c>.yml</c>, <c>.json</c>);
    /// relative circuit paths resolve against the file's directory.</summary>
    public static LoadResult LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var format = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".yaml" or ".yml" => ExperimentFormat.Yaml,
            ".json" => ExperimentFormat.Json,
            _ => (ExperimentFormat?)null,
        };
        if (format is null)
        {
            return Failure(new Diagnostic(ExperimentRules.UnsupportedFile, "unsupported experiment file type; use .yaml, .yml or .json", path));
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Failure(new Diagnostic(ExperimentRules.FileNotFound, "experiment file not found", path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Failure(new Diagnostic(ExperimentRules.FileNotFound, $"experiment file cannot be read: {e.Message}", path));
        }

        return LoadText(text, format.Value, path, Path.GetDirectoryName(Path.GetFullPath(path)));
    }

    /// <summary>Loads experiment text.</summary>
    /// <param name="text">The document.</param>
    /// <param name="format">Its syntax.</param>
    /// <param name="origin">The file name as the user named it, for <see cref="Diagnostic.File"/>.</param>
    /// <param name="baseDirectory">Where relative circuit paths resolve; null forbids circuit paths
    /// (submissions over the API must inline the source).</param>
    public static LoadResult LoadText(string text, ExperimentFormat format, string origin, string? baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(origin);
        var diagnostics = new List<Diagnostic>();
        var document = format == ExperimentFormat.Json
            ? JsonSourceReader.Read(text, origin, diagnostics)
            : YamlSourceReader.Read(text, origin, diagnostics);
        if (document is null)
        {
            return new LoadResult(null, Sorted(diagnostics));
        }

        var broken = SchemaErrorTranslator.Validate(document, origin, diagnostics);
        var experiment = ExperimentMapper.Map(document, origin, baseDirectory, broken, diagnostics);
        return new LoadResult(diagnostics.Count == 0 ? experiment : null, Sorted(diagnostics));
    }

    private static LoadResult Failure(Diagnostic diagnostic) => new(null, [diagnostic]);

    private static List<Diagnostic> Sorted(List<Diagnostic> diagnostics) =>
        [.. diagnostics.OrderBy(d => d.Line).ThenBy(d => d.Column)];
}
