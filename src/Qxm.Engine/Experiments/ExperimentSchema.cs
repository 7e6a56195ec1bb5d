using System.Reflection;
using Json.Schema;

namespace Qxm.Engine.Experiments;

/// <summary>The JSON Schema of experiment format v1, the single source the loader validates against
/// and editors can use for completion (<c>experiment.v1.schema.json</c> in this folder).</summary>
public static class ExperimentSchema
{
    private const string ResourceName = "Qxm.Engine.Experiments.experiment.v1.schema.json";

    private static readonly Lazy<string> LazyText = new(ReadResource);

    // Built once: building registers the schema's $id in the library's registry, and a second
    // registration of the same id would conflict.
    private static readonly Lazy<JsonSchema> LazyCompiled = new(() => JsonSchema.FromText(LazyText.Value));

    public static string Text => LazyText.Value;

    internal static JsonSchema Compiled => LazyCompiled.Value;

    private static string ReadResource()
    {
        using var stream = typeof(ExperimentSchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from {Assembly.GetExecutingAssembly().GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
