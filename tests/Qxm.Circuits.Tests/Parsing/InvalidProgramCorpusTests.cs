using Qxm.Circuits.Parsing;

namespace Qxm.Circuits.Tests.Parsing;

/// <summary>Invalid OpenQASM 2 and 3 programs in <c>Corpus/</c>, each beside a <c>.expected</c> file holding the exact
/// diagnostics (<c>rule line:column message</c>, one a line). Setting <c>QXM_CORPUS_WRITE=1</c> rewrites the expectations
/// from the parser's output in the source tree, for review as a diff.</summary>
public class InvalidProgramCorpusTests
{
    private static readonly string Directory = Path.Combine(AppContext.BaseDirectory, "Corpus");

    public static TheoryData<string> Programs()
    {
        var data = new TheoryData<string>();
        foreach (var file in System.IO.Directory.GetFiles(Directory, "*.qasm").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }

        return data;
    }

    [Fact]
    public void Corpus_HasAtLeastSixtyPrograms_EachWithExpectations()
    {
        var programs = System.IO.Directory.GetFiles(Directory, "*.qasm");

        Assert.True(programs.Length >= 60, $"{programs.Length} programs");
        Assert.All(programs, p => Assert.True(File.Exists(Path.ChangeExtension(p, ".expected")), p));
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public void Parse_InvalidProgram_ReportsExactlyTheExpectedDiagnostics(string name)
    {
        var source = File.ReadAllText(Path.Combine(Directory, name + ".qasm"));

        var result = OpenQasmParser.Parse(source, name + ".qasm");

        Assert.False(result.Succeeded);
        var actual = result.Diagnostics.Select(d => $"{d.Rule} {d.Line}:{d.Column} {d.Message}").ToArray();
        var expectedFile = Path.Combine(Directory, name + ".expected");
        if (Environment.GetEnvironmentVariable("QXM_CORPUS_WRITE") == "1")
        {
            var sourceTree = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../Corpus", name + ".expected"));
            File.WriteAllLines(sourceTree, actual);
            return;
        }

        Assert.Equal(File.ReadAllLines(expectedFile), actual);
    }
}
