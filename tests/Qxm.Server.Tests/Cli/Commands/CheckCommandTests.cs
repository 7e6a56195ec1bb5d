using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Cli.Commands;

/// <summary><c>qxm check</c> on the shipped example suite and on copies of it with a wrong expectation or a mistake.</summary>
public sealed class CheckCommandTests
{
    [Fact]
    public async Task Check_ExampleSuite_PassesAndItsJUnitValidates()
    {
        using var home = new TempDirectory();
        var junit = Path.Combine(home.Path, "junit.xml");
        var markdown = Path.Combine(home.Path, "summary.md");

        var outcome = await CliOutcome.RunAsync("check", Repository.InRepository("examples", "ci", "suite.yaml"), "--junit", junit, "--markdown", markdown, "--home", home.Path);

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Contains("3 of 3 experiments passed.", outcome.Stdout, StringComparison.Ordinal);
        Assert.Equal(outcome.Stdout, await File.ReadAllTextAsync(markdown));
        var report = Validated(junit);
        Assert.Equal("3", report.Root!.Attribute("tests")!.Value);
        Assert.Equal("0", report.Root.Attribute("failures")!.Value);
        Assert.Empty(report.Descendants("failure"));
    }

    [Fact]
    public async Task Check_WrongExpectationAdded_ExitsOneWithAFailureInTheJUnit()
    {
        using var home = new TempDirectory();
        var suite = await CopyExampleSuiteAsync(home.Path, "      - probability: { outcome: \"00\", value: 0.9, tolerance: 0.01 }   # wrong on purpose\n");
        var junit = Path.Combine(home.Path, "junit.xml");

        var outcome = await CliOutcome.RunAsync("check", suite, "--junit", junit, "--home", home.Path);

        Assert.True(outcome.ExitCode == 1, outcome.ToString());
        Assert.Contains("| ❌ | bell-is-entangled |", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 of 3 experiments of suite 'examples' failed", outcome.Stderr, StringComparison.Ordinal);
        var report = Validated(junit);
        Assert.Equal("1", report.Root!.Attribute("failures")!.Value);
        var failure = Assert.Single(report.Descendants("failure"));
        Assert.Equal("bell-is-entangled", failure.Parent!.Attribute("name")!.Value);
        Assert.StartsWith("expected P(00) = 0.9 ± 0.01, measured P(00) = 0.5", failure.Attribute("message")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_RunThatCannotRun_IsAnErrorNotAPass()
    {
        using var home = new TempDirectory();
        var suite = Path.Combine(home.Path, "suite.yaml");
        await File.WriteAllTextAsync(suite, $"""
            version: 1
            name: wrong-device
            experiments:
              - experiment: {Repository.Example("bell.yaml")}
                backend: fake.ion25
                expect:
                  - probability: {"{"} outcome: "00", value: 0.5, tolerance: 0.1 {"}"}
            """);
        var junit = Path.Combine(home.Path, "junit.xml");

        var outcome = await CliOutcome.RunAsync("check", suite, "--junit", junit, "--home", home.Path);

        Assert.True(outcome.ExitCode == 1, outcome.ToString());
        var report = Validated(junit);
        Assert.Equal("1", report.Root!.Attribute("errors")!.Value);
        Assert.Contains("not submitted", Assert.Single(report.Descendants("error")).Attribute("message")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_InvalidSuite_ExitsTwoNamingEachProblemAtItsLine()
    {
        using var home = new TempDirectory();
        var suite = Path.Combine(home.Path, "bad.yaml");
        await File.WriteAllTextAsync(suite, """
            version: 1
            name: bad
            experiments:
              - experiment: bell.yaml
                expect:
                  - probability: { outcome: "0x", value: 1.5, tolerance: 0.1 }
                  - tvd: { reference: { "00": 0.7 }, max: 0.1 }
                  - expectation: { observable: ZX, min: 0, max: 1 }
                  - median: { value: 1 }
                colour: blue
            """);

        var outcome = await CliOutcome.RunAsync("check", suite, "--home", home.Path);

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        Assert.Contains(outcome.StderrLines, l => l.StartsWith($"{suite}:6:", StringComparison.Ordinal) && l.Contains("'0x' must be a bit string", StringComparison.Ordinal));
        Assert.Contains(outcome.StderrLines, l => l.StartsWith($"{suite}:6:", StringComparison.Ordinal) && l.Contains("value must be a number from 0 to 1", StringComparison.Ordinal));
        Assert.Contains(outcome.StderrLines, l => l.StartsWith($"{suite}:7:", StringComparison.Ordinal) && l.Contains("sum to 0.7, not 1", StringComparison.Ordinal));
        Assert.Contains(outcome.StderrLines, l => l.StartsWith($"{suite}:8:", StringComparison.Ordinal) && l.Contains("string of Z and I", StringComparison.Ordinal));
        Assert.Contains(outcome.StderrLines, l => l.StartsWith($"{suite}:9:", StringComparison.Ordinal) && l.Contains("unknown expectation 'median'", StringComparison.Ordinal));
        Assert.Contains(outcome.StderrLines, l => l.StartsWith($"{suite}:10:", StringComparison.Ordinal) && l.Contains("unknown key 'colour'", StringComparison.Ordinal));
    }

    [Fact]
    public void JUnitSchema_ReportMissingWhatItRequires_DoesNotValidate()
    {
        using var directory = new TempDirectory();
        var file = Path.Combine(directory.Path, "junit.xml");
        File.WriteAllText(file, "<testsuites><testsuite name=\"s\"><testcase time=\"-1\"/></testsuite></testsuites>");

        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => Validated(file));
    }

    /// <summary>Copies the example suite next to the examples it names (paths stay valid), adding lines to the first
    /// experiment's expectations.</summary>
    private static async Task<string> CopyExampleSuiteAsync(string directory, string extraExpectation)
    {
        var text = await File.ReadAllTextAsync(Repository.InRepository("examples", "ci", "suite.yaml"));
        text = text.Replace("../", Repository.InRepository("examples") + "/", StringComparison.Ordinal);
        const string Anchor = "  - name: ghz5-two-outcomes";
        Assert.Contains(Anchor, text, StringComparison.Ordinal);
        var copy = Path.Combine(directory, "suite.yaml");
        await File.WriteAllTextAsync(copy, text.Replace(Anchor, extraExpectation + Anchor, StringComparison.Ordinal));
        return copy;
    }

    private static XDocument Validated(string junitFile)
    {
        var schemas = new XmlSchemaSet();
        schemas.Add(null, Repository.TestFile("Cli", "Schemas", "junit.xsd"));
        var problems = new List<string>();
        var document = XDocument.Load(junitFile);
        document.Validate(schemas, (_, e) => problems.Add($"{e.Severity}: {e.Message}"));
        Assert.True(problems.Count == 0, string.Join('\n', problems));
        return document;
    }
}
