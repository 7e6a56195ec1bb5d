using Qxm.Circuits.Syntax;
using Xunit.Abstractions;

namespace Qxm.Circuits.Tests.Syntax;

/// <summary>Opt-in: when <c>QXM_OPENQASM_SPEC</c> names a checkout of the OpenQASM specification repository, every
/// <c>examples/*.qasm</c> is read by the syntax stage. The specification's examples are not copied into this repository;
/// the corpus of our own programs (SpecificationCorpusTests) covers the same features.</summary>
public class SpecificationExamplesTests(ITestOutputHelper output)
{
    [Fact]
    public void Parse_SpecificationExamples_HaveNoSyntaxErrors()
    {
        var root = Environment.GetEnvironmentVariable("QXM_OPENQASM_SPEC");
        if (string.IsNullOrEmpty(root))
        {
            return;
        }

        var files = Directory.GetFiles(Path.Combine(root, "examples"), "*.qasm").Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(files);
        var failed = new List<string>();
        foreach (var file in files)
        {
            var tree = SyntaxParser.Parse(File.ReadAllText(file), Path.GetFileName(file));
            output.WriteLine($"{Path.GetFileName(file)}: {(tree.HasErrors ? "syntax errors" : "read")}");
            foreach (var diagnostic in tree.Diagnostics)
            {
                output.WriteLine($"  {diagnostic}");
            }

            if (tree.HasErrors)
            {
                failed.Add(Path.GetFileName(file));
            }
        }

        output.WriteLine($"{files.Length - failed.Count} of {files.Length} read without a syntax error");
        Assert.Empty(failed);
    }
}
