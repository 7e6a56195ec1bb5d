using Qxm.Tests.Shared;
using System.Text.Json;
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
}
