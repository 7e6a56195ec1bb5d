using System.Diagnostics;
using System.Text;
using Qxm.Engine.Experiments;

namespace Qxm.Engine.Tests.Experiments;

/// <summary>Hostile documents: each is refused with one located diagnostic, and before the work it would cause.</summary>
public sealed class ExperimentLoaderLimitsTests
{
    private const string Head = "name: a\ncircuit: {source: x}\nshots: 1\n";

    [Theory]
    [InlineData(100)]
    [InlineData(30_000)]
    public void LoadText_DeeplyNestedYaml_RefusedAtTheLimit(int depth)
    {
        var text = Head + "tags: " + new string('[', depth) + new string(']', depth) + "\n";

        var diagnostic = LoadAssert.FailsOnce(text);

        Assert.Equal(ExperimentRules.TooDeep, diagnostic.Rule);
        Assert.Equal(4, diagnostic.Line);
        Assert.Contains($"{ExperimentLimits.MaxDepth} levels", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_DeeplyNestedBlockYaml_Refused()
    {
        var text = new StringBuilder(Head + "options:\n");
        for (var i = 1; i < 2000; i++)
        {
            text.Append(' ', i).Append("k:\n");
        }

        Assert.Equal(ExperimentRules.TooDeep, LoadAssert.FailsOnce(text.ToString()).Rule);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(30_000)]
    public void LoadText_DeeplyNestedJson_RefusedAtTheLimit(int depth)
    {
        var text = "{\"name\": \"a\", \"tags\": " + new string('[', depth) + new string(']', depth) + "}";

        var diagnostic = LoadAssert.FailsOnce(text, ExperimentFormat.Json);

        Assert.Equal(ExperimentRules.TooDeep, diagnostic.Rule);
        Assert.Equal(1, diagnostic.Line);
    }

    [Fact]
    public void LoadText_AliasBomb_RefusedBeforeExpanding()
    {
        // Nine levels of ten aliases each would expand to 10^9 strings.
        var text = new StringBuilder(Head + "a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var i = 1; i < 10; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"a{i}: &a{i} [");
            text.Append(string.Join(",", Enumerable.Repeat($"*a{i - 1}", 10)));
            text.Append("]\n");
        }

        var watch = Stopwatch.StartNew();
        var diagnostic = LoadAssert.FailsOnce(text.ToString());

        Assert.Equal(ExperimentRules.AliasLimit, diagnostic.Rule);
        Assert.True(text.Length < 1000);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Fact]
    public void LoadText_TooManyAliases_Refused()
    {
        var text = new StringBuilder(Head + "x: &x 1\nl: [");
        text.Append(string.Join(",", Enumerable.Repeat("*x", ExperimentLimits.MaxAliases + 1)));
        text.Append("]\n");

        var diagnostic = LoadAssert.FailsOnce(text.ToString());

        Assert.Equal(ExperimentRules.AliasLimit, diagnostic.Rule);
        Assert.Contains($"{ExperimentLimits.MaxAliases} aliases", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_ModestAliases_StillLoad()
    {
        var text = "name: a\ncircuit: {source: \"" + LoadAssert.Circuit + "\"}\nshots: &n 10\nseed: *n\n";

        Assert.Equal(10UL, LoadAssert.Loads(text).Seed);
    }

    [Theory]
    [InlineData("{\"name\": \"a\", \"circuit\": {\"source\": \"x\"}, \"shots\": 1, \"tags\": [\"\\ud800\"]}", ExperimentFormat.Json, "tags[0]")]
    [InlineData("{\"name\": \"a\", \"circuit\": {\"source\": \"x\"}, \"shots\": 1, \"\\udc00\": 1}", ExperimentFormat.Json, null)]
    public void LoadText_LoneSurrogate_RefusedWithItsPath(string text, ExperimentFormat format, string? path)
    {
        var diagnostic = LoadAssert.FailsOnce(text, format);

        Assert.Equal(ExperimentRules.InvalidText, diagnostic.Rule);
        Assert.Contains("surrogate", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(path, diagnostic.Path);
    }

    [Fact]
    public void LoadText_LoneSurrogateInYaml_RefusedAsSyntax()
    {
        var diagnostic = LoadAssert.FailsOnce("name: a\ncircuit: {source: x}\nshots: 1\ntags: [\"\\ud800\"]\n");

        Assert.Equal(ExperimentRules.Syntax, diagnostic.Rule);
        Assert.Equal(4, diagnostic.Line);
    }

    [Theory]
    [InlineData("{\"version\": 1e300, \"name\": \"a\", \"circuit\": {\"source\": \"x\"}, \"shots\": 1}", ExperimentFormat.Json)]
    [InlineData("{\"version\": 1, \"name\": \"a\", \"circuit\": {\"source\": \"x\"}, \"shots\": 1e300}", ExperimentFormat.Json)]
    [InlineData("{\"version\": 1, \"name\": \"a\", \"circuit\": {\"source\": \"x\"}, \"shots\": 1, \"seed\": 123456789012345678901234567890123}", ExperimentFormat.Json)]
    [InlineData("version: 1e300\nname: a\ncircuit: {source: x}\nshots: 1\n", ExperimentFormat.Yaml)]
    [InlineData("version: 1\nname: a\ncircuit: {source: x}\nshots: 1\nparameters: {t: 1e999}\n", ExperimentFormat.Yaml)]
    public void LoadText_HugeNumber_Refused(string text, ExperimentFormat format)
    {
        var diagnostic = LoadAssert.FailsOnce(text, format);

        Assert.Equal(ExperimentRules.NumberOutOfRange, diagnostic.Rule);
        Assert.NotNull(diagnostic.Path);
    }

    [Fact]
    public void LoadText_TooManyTags_Refused()
    {
        var tags = string.Join(",", Enumerable.Range(0, ExperimentLimits.MaxTags + 1).Select(i => $"t{i}"));

        var diagnostic = LoadAssert.FailsOnce(Head.Replace("source: x", "source: \"" + LoadAssert.Circuit + "\"", StringComparison.Ordinal) + $"tags: [{tags}]\n");

        Assert.Equal(ExperimentRules.Value, diagnostic.Rule);
        Assert.Equal("tags", diagnostic.Path);
    }

    [Fact]
    public void LoadText_LongTag_Refused()
    {
        var diagnostic = LoadAssert.FailsOnce(Head.Replace("source: x", "source: \"" + LoadAssert.Circuit + "\"", StringComparison.Ordinal) + $"tags: [{new string('t', ExperimentLimits.MaxTagLength + 1)}]\n");

        Assert.Equal(ExperimentRules.Value, diagnostic.Rule);
        Assert.Equal("tags[0]", diagnostic.Path);
    }
}
