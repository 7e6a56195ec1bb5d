using Qxm.Domain.Errors;
using Qxm.Domain.Experiments;
using Qxm.Engine.Experiments;

namespace Qxm.Engine.Tests.Experiments;

internal static class LoadAssert
{
    public const string Circuit = "OPENQASM 3.0; qubit q;";

    public static ExperimentDefinition Loads(string text, ExperimentFormat format = ExperimentFormat.Yaml, string? baseDirectory = null)
    {
        var result = ExperimentLoader.LoadText(text, format, "exp." + (format == ExperimentFormat.Yaml ? "yaml" : "json"), baseDirectory);
        Assert.True(result.Experiment is not null, string.Join("\n", result.Diagnostics));
        Assert.Empty(result.Diagnostics);
        return result.Experiment!;
    }

    /// <summary>Loads text expected to fail with exactly one diagnostic, and returns it.</summary>
    public static Diagnostic FailsOnce(string text, ExperimentFormat format = ExperimentFormat.Yaml, string? baseDirectory = null)
    {
        var result = ExperimentLoader.LoadText(text, format, "exp." + (format == ExperimentFormat.Yaml ? "yaml" : "json"), baseDirectory);
        Assert.Null(result.Experiment);
        return Assert.Single(result.Diagnostics);
    }

    public static void Located(Diagnostic diagnostic, string rule, int line, int column, string? path)
    {
        Assert.Equal(rule, diagnostic.Rule);
        Assert.Equal(line, diagnostic.Line);
        Assert.Equal(column, diagnostic.Column);
        Assert.Equal(path, diagnostic.Path);
        Assert.Equal("exp." + (diagnostic.File!.EndsWith(".json", StringComparison.Ordinal) ? "json" : "yaml"), diagnostic.File);
        Assert.DoesNotContain('\n', diagnostic.Message);
    }
}
