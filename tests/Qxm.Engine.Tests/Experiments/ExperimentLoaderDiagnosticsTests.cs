using Qxm.Engine.Experiments;

namespace Qxm.Engine.Tests.Experiments;

public sealed class ExperimentLoaderDiagnosticsTests
{
    private const string Head = "name: a\ncircuit: {source: x}\n";

    [Fact]
    public void LoadText_MalformedYaml_ReportsSyntaxAtParserPosition()
    {
        var diagnostic = LoadAssert.FailsOnce("name: a\n  circuit: x\nshots: 1\n");

        LoadAssert.Located(diagnostic, ExperimentRules.Syntax, 2, 10, null);
        Assert.StartsWith("malformed YAML: ", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_UnclosedFlowList_ReportsSyntax()
    {
        var diagnostic = LoadAssert.FailsOnce(Head + "shots: [1\n");

        LoadAssert.Located(diagnostic, ExperimentRules.Syntax, 4, 1, null);
    }

    [Fact]
    public void LoadText_MalformedJson_ReportsSyntaxAtReaderPosition()
    {
        var diagnostic = LoadAssert.FailsOnce("{\"name\": \"a\",\n \"shots\": 4000,\n}", ExperimentFormat.Json);

        LoadAssert.Located(diagnostic, ExperimentRules.Syntax, 3, 1, null);
        Assert.Equal("malformed JSON: the JSON object contains a trailing comma at the end", diagnostic.Message);
    }

    [Theory]
    [InlineData("name: a\nname: b\ncircuit: {source: x}\nshots: 1\n", ExperimentFormat.Yaml, 2, 1)]
    [InlineData("{\"name\": \"a\",\n  \"name\": \"b\"}", ExperimentFormat.Json, 2, 3)]
    public void LoadText_DuplicateKey_ReportsSyntaxAtSecondKey(string text, ExperimentFormat format, int line, int column)
    {
        var diagnostic = LoadAssert.FailsOnce(text, format);

        LoadAssert.Located(diagnostic, ExperimentRules.Syntax, line, column, null);
        Assert.Equal("duplicate key 'name'", diagnostic.Message);
    }

    [Fact]
    public void LoadText_SeveralYamlDocuments_ReportsSyntax()
    {
        LoadAssert.Located(LoadAssert.FailsOnce("name: a\n---\nname: b\n"), ExperimentRules.Syntax, 2, 1, null);
    }

    [Fact]
    public void LoadText_UnknownField_SuggestsCloseNameAndSkipsMissingField()
    {
        var diagnostic = LoadAssert.FailsOnce(Head + "shot: 4000\n");

        LoadAssert.Located(diagnostic, ExperimentRules.UnknownField, 3, 1, "shot");
        Assert.Equal("unknown field 'shot' (did you mean 'shots'?)", diagnostic.Message);
    }

    [Fact]
    public void LoadText_UnknownFieldFarFromAll_ListsKnownFields()
    {
        var diagnostic = LoadAssert.FailsOnce(Head + "shots: 1\ncolour: red\n");

        LoadAssert.Located(diagnostic, ExperimentRules.UnknownField, 4, 1, "colour");
        Assert.Contains("expected one of: version, name, circuit", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_UnknownNestedField_IsLocatedAtItsKey()
    {
        var diagnostic = LoadAssert.FailsOnce(Head + "shots: 1\nparameters:\n  t: {linspace: {start: 0, stop: 1, nun: 3, num: 3}}\n");

        LoadAssert.Located(diagnostic, ExperimentRules.UnknownField, 5, 37, "parameters.t.linspace.nun");
        Assert.Equal("unknown field 'nun' (did you mean 'num'?)", diagnostic.Message);
    }

    [Fact]
    public void LoadText_MistypedShots_ReportsType()
    {
        var diagnostic = LoadAssert.FailsOnce(Head + "shots: many\n");

        LoadAssert.Located(diagnostic, ExperimentRules.Type, 3, 8, "shots");
        Assert.Equal("shots must be an integer (got \"many\")", diagnostic.Message);
    }

    [Fact]
    public void LoadText_ShotsAsJsonString_ReportsType()
    {
        var diagnostic = LoadAssert.FailsOnce("{\"name\": \"a\",\n \"circuit\": {\"source\": \"x\"},\n \"shots\": \"4000\"\n}", ExperimentFormat.Json);

        LoadAssert.Located(diagnostic, ExperimentRules.Type, 3, 11, "shots");
    }

    [Fact]
    public void LoadText_MissingShots_ReportsMissingFieldAtDocument()
    {
        var diagnostic = LoadAssert.FailsOnce(Head);

        LoadAssert.Located(diagnostic, ExperimentRules.MissingField, 1, 1, "shots");
        Assert.Equal("missing required field 'shots'", diagnostic.Message);
    }

    [Fact]
    public void LoadText_MissingLinspaceStop_ReportsMissingFieldAtMapping()
    {
        var diagnostic = LoadAssert.FailsOnce(Head + "shots: 1\nparameters:\n  t:\n    linspace:\n      start: 0\n      num: 2\n");

        LoadAssert.Located(diagnostic, ExperimentRules.MissingField, 7, 7, "parameters.t.linspace.stop");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    public void LoadText_ShotsBelowOne_ReportsValue(string shots)
    {
        var diagnostic = LoadAssert.FailsOnce(Head + "shots: " + shots + "\n");

        LoadAssert.Located(diagnostic, ExperimentRules.Value, 3, 8, "shots");
        Assert.Equal($"shots must be at least 1 (got {shots})", diagnostic.Message);
    }

    [Fact]
    public void LoadText_ShotsAboveLimit_ReportsValue()
    {
        var diagnostic = LoadAssert.FailsOnce(Head + "shots: 10000001\n");

        LoadAssert.Located(diagnostic, ExperimentRules.Value, 3, 8, "shots");
    }

    [Theory]
    [InlineData("name: 'bad name'", "name")]
    [InlineData("name: -a", "name")]
    [InlineData("version: 2", "version")]
    [InlineData("sweep: cartesian", "sweep")]
    [InlineData("priority: urgent", "priority")]
    [InlineData("seed: -1", "seed")]
    [InlineData("seed: 18446744073709551616", "seed")]
    [InlineData("tags: [a, a]", "tags")]
    [InlineData("parameters: {g: []}", "parameters.g")]
    [InlineData("parameters: {t: {linspace: {start: 0, stop: 1, num: 0}}}", "parameters.t.linspace.num")]
    [InlineData("parameters: {1x: 3}", "parameters.1x")]
    [InlineData("circuit: {path: a.qasm, source: x}", "circuit")]
    public void LoadText_OutOfRangeValue_ReportsValueWithPath(string line, string path)
    {
        var field = line[..line.IndexOf(':', StringComparison.Ordinal)];
        var lines = new[] { "name: a", "circuit: {source: x}", "shots: 1" }.Where(l => !l.StartsWith(field + ":", StringComparison.Ordinal)).Append(line).ToList();

        var diagnostic = LoadAssert.FailsOnce(string.Join('\n', lines) + "\n");

        Assert.Equal(ExperimentRules.Value, diagnostic.Rule);
        Assert.Equal(path, diagnostic.Path);
        Assert.Equal(lines.Count, diagnostic.Line);
    }

    [Fact]
    public void LoadText_MistypedListItem_ReportsTypeAtItem()
    {
        var diagnostic = LoadAssert.FailsOnce(Head + "shots: 1\nparameters:\n  h: [1, true]\n");

        LoadAssert.Located(diagnostic, ExperimentRules.Type, 5, 10, "parameters.h[1]");
    }

    [Fact]
    public void LoadText_MissingCircuitFile_ReportsCircuitNotFound()
    {
        using var dir = new TempDirectory();

        var diagnostic = LoadAssert.FailsOnce("name: a\ncircuit: {path: missing.qasm}\nshots: 1\n", baseDirectory: dir.Path);

        LoadAssert.Located(diagnostic, ExperimentRules.CircuitNotFound, 2, 17, "circuit.path");
        Assert.Contains("'missing.qasm'", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_CircuitPathWithoutBaseDirectory_ReportsNotAllowed()
    {
        var diagnostic = LoadAssert.FailsOnce("name: a\ncircuit: ry.qasm\nshots: 1\n");

        LoadAssert.Located(diagnostic, ExperimentRules.CircuitPathNotAllowed, 2, 10, "circuit");
    }

    [Theory]
    [InlineData("2*pj", "unknown name 'pj' at character 3 (only pi is known)")]
    [InlineData("1/0", "division by zero")]
    [InlineData("(1", "missing ')'")]
    [InlineData("1 2", "unexpected '2' at character 3")]
    public void LoadText_BadArithmeticString_ReportsValue(string expression, string reason)
    {
        var diagnostic = LoadAssert.FailsOnce(Head + "shots: 1\nparameters:\n  theta: \"" + expression + "\"\n");

        LoadAssert.Located(diagnostic, ExperimentRules.Value, 5, 10, "parameters.theta");
        Assert.EndsWith(reason, diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_BadArithmeticInLinspaceStart_ReportsAtStart()
    {
        var diagnostic = LoadAssert.FailsOnce(Head + "shots: 1\nparameters:\n  t: {linspace: {start: pie, stop: 1, num: 2}}\n");

        LoadAssert.Located(diagnostic, ExperimentRules.Value, 5, 25, "parameters.t.linspace.start");
    }

    [Fact]
    public void LoadText_UnequalZipLengths_ReportsValueAtShorterList()
    {
        var diagnostic = LoadAssert.FailsOnce(Head + "shots: 1\nsweep: zip\nparameters:\n  a: [1, 2]\n  b: [1, 2, 3]\n  c: 4\n");

        LoadAssert.Located(diagnostic, ExperimentRules.Value, 7, 6, "parameters.b");
        Assert.Equal("a zip sweep needs lists of equal length: 'a' has 2 values, 'b' has 3", diagnostic.Message);
    }

    [Fact]
    public void LoadText_GridTooLarge_ReportsValue()
    {
        var diagnostic = LoadAssert.FailsOnce(Head + "shots: 1\nparameters:\n  a: {linspace: {start: 0, stop: 1, num: 100000}}\n  b: {linspace: {start: 0, stop: 1, num: 100}}\n");

        LoadAssert.Located(diagnostic, ExperimentRules.Value, 5, 3, "parameters");
    }

    [Theory]
    [InlineData("")]
    [InlineData("- a\n- b\n")]
    public void LoadText_NotAMapping_ReportsTypeAtStart(string text)
    {
        var diagnostic = LoadAssert.FailsOnce(text);

        LoadAssert.Located(diagnostic, ExperimentRules.Type, 1, 1, null);
    }

    [Fact]
    public void LoadText_SeveralProblems_ReportsEachOnceInSourceOrder()
    {
        using var dir = new TempDirectory();
        var result = ExperimentLoader.LoadText(
            "name: a\ncircuit: gone.qasm\nshots: 0\npriority: urgent\nparameters: {t: \"2*\"}\nfoo: 1\n", ExperimentFormat.Yaml, "exp.yaml", dir.Path);

        Assert.Null(result.Experiment);
        Assert.Equal(
            [ExperimentRules.CircuitNotFound, ExperimentRules.Value, ExperimentRules.Value, ExperimentRules.Value, ExperimentRules.UnknownField],
            result.Diagnostics.Select(d => d.Rule));
        Assert.Equal([2, 3, 4, 5, 6], result.Diagnostics.Select(d => d.Line));
    }

    [Fact]
    public void LoadText_JsonPositions_CountCharactersNotBytes()
    {
        var diagnostic = LoadAssert.FailsOnce("{\"name\": \"a\", \"tags\": [\"é\"], \"circuit\": {\"source\": \"x\"}, \"shots\": 0}", ExperimentFormat.Json);

        LoadAssert.Located(diagnostic, ExperimentRules.Value, 1, 67, "shots");
    }

    [Fact]
    public void LoadFile_UnsupportedExtension_ReportsUnsupportedFile()
    {
        var result = ExperimentLoader.LoadFile("experiment.toml");

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal((ExperimentRules.UnsupportedFile, "experiment.toml"), (diagnostic.Rule, diagnostic.File));
    }

    [Fact]
    public void LoadFile_MissingFile_ReportsFileNotFound()
    {
        using var dir = new TempDirectory();

        var result = ExperimentLoader.LoadFile(Path.Combine(dir.Path, "nothing.yaml"));

        Assert.Equal(ExperimentRules.FileNotFound, Assert.Single(result.Diagnostics).Rule);
        Assert.Null(result.Experiment);
    }

    [Fact]
    public void LoadFile_DiagnosticFile_IsPathAsGiven()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("bad.yaml", "name: a\ncircuit: {source: x}\nshots: 0\n");

        var diagnostic = Assert.Single(ExperimentLoader.LoadFile(path).Diagnostics);

        Assert.Equal(path, diagnostic.File);
        Assert.Equal(3, diagnostic.Line);
    }
}
