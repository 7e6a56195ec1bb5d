using Qxm.Tests.Shared;
using System.Text.Json;
using Qxm.Domain.Calibration;
using Qxm.Domain.Experiments;
using Qxm.Domain.Loops;
using Qxm.Domain.Observables;
using Qxm.Engine.Experiments;

namespace Qxm.Engine.Tests.Experiments;

public sealed class ExperimentSchemaTests
{
    [Fact]
    public void Text_IsAJsonSchemaFor2020Drafts()
    {
        using var schema = JsonDocument.Parse(ExperimentSchema.Text);

        Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema.RootElement.GetProperty("$schema").GetString());
        Assert.Equal(["circuit", "name", "shots"], schema.RootElement.GetProperty("required").EnumerateArray().Select(e => e.GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Text_ListsEveryTopLevelField()
    {
        using var schema = JsonDocument.Parse(ExperimentSchema.Text);

        Assert.Equal(
            ["version", "name", "circuit", "parameters", "sweep", "shots", "backend", "requirements", "seed", "priority", "onDrift", "cache", "failover", "tags", "options", "observables", "kind", "optimize", "hooks", "mitigation", "expectation"],
            schema.RootElement.GetProperty("properties").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Text_IsTheSourceFileEmbedded()
    {
        var file = RepositoryFiles.Path("src", "Qxm.Engine", "Experiments", "experiment.v1.schema.json");

        Assert.Equal(File.ReadAllText(file), ExperimentSchema.Text);
    }

    /// <summary>The reader, the writer of server documents and the CLI name choices by <see cref="ExperimentNames"/>; the
    /// schema that refuses anything else must list exactly those names, so a new member cannot be readable but refused.</summary>
    [Fact]
    public void Text_ListsTheNamesTheReaderAndWriterUse()
    {
        using var schema = JsonDocument.Parse(ExperimentSchema.Text);
        var properties = schema.RootElement.GetProperty("properties");
        static string[] Enum(JsonElement e) => [.. e.GetProperty("enum").EnumerateArray().Select(v => v.GetString()!)];

        Assert.Equal(ExperimentNames.All<DriftPolicy>(), Enum(properties.GetProperty("onDrift")));
        Assert.Equal(ExperimentNames.All<CachePolicy>(), Enum(properties.GetProperty("cache")));
        Assert.Equal(ExperimentNames.All<Connectivity>().Order(StringComparer.Ordinal),
            Enum(properties.GetProperty("requirements").GetProperty("properties").GetProperty("connectivity")).Order(StringComparer.Ordinal));
        Assert.Equal(ExperimentNames.All<OptimizerMethod>(), Enum(properties.GetProperty("optimize").GetProperty("properties").GetProperty("method")));
        var mitigation = properties.GetProperty("mitigation").GetProperty("allOf");
        Assert.Equal(ExperimentNames.All<MitigationMethod>(), Enum(mitigation[0].GetProperty("then")));
        Assert.Equal(ExperimentNames.All<ZneFit>(), Enum(mitigation[1].GetProperty("then").GetProperty("properties").GetProperty("fit")));
        Assert.Equal("all-to-all", ExperimentNames.Of(Connectivity.AllToAll));
        Assert.Equal(OptimizerMethod.NelderMead, ExperimentNames.Parse<OptimizerMethod>("nelder-mead"));
        Assert.Null(ExperimentNames.Parse<OptimizerMethod>("NelderMead"));
    }
}
