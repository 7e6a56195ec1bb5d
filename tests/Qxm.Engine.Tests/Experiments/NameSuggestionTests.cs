using Qxm.Engine.Experiments;

namespace Qxm.Engine.Tests.Experiments;

public sealed class NameSuggestionTests
{
    private static readonly string[] Fields = ["version", "name", "circuit", "parameters", "sweep", "shots", "backend", "seed", "priority", "tags"];

    [Theory]
    [InlineData("shot", "shots")]
    [InlineData("Shots", "shots")]
    [InlineData("sede", "seed")]
    [InlineData("param", "parameters")]
    [InlineData("cirquit", "circuit")]
    [InlineData("prioirty", "priority")]
    public void Closest_Typo_SuggestsField(string typo, string expected) => Assert.Equal(expected, NameSuggestion.Closest(typo, Fields));

    [Theory]
    [InlineData("colour")]
    [InlineData("x")]
    public void Closest_FarName_SuggestsNothing(string name) => Assert.Null(NameSuggestion.Closest(name, Fields));
}
