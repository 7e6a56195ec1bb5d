using Qxm.Domain.Experiments;

namespace Qxm.Engine.Tests.Experiments;

/// <summary>Compares definitions by content: the record's own equality compares its lists by reference.</summary>
internal static class DefinitionAssert
{
    public static void Equivalent(ExperimentDefinition expected, ExperimentDefinition actual)
    {
        Assert.Equal(expected with { Parameters = [], Tags = [], Observables = [] }, actual with { Parameters = [], Tags = [], Observables = [] });
        Assert.Equal(expected.Observables.Select(o => (o.Name, o.Width, string.Join(";", o.Terms))), actual.Observables.Select(o => (o.Name, o.Width, string.Join(";", o.Terms))));
        Assert.Equal(expected.Tags, actual.Tags);
        Assert.Equal(expected.Parameters.Select(p => p.Name), actual.Parameters.Select(p => p.Name));
        for (var i = 0; i < expected.Parameters.Count; i++)
        {
            Assert.Equal(expected.Parameters[i].Values, actual.Parameters[i].Values);
        }
    }
}
