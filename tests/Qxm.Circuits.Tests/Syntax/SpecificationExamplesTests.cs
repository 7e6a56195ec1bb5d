using Qxm.Circuits.Parsing;
using Qxm.Circuits.Syntax;
using Xunit.Abstractions;

namespace Qxm.Circuits.Tests.Syntax;

/// <summary>Opt-in: when <c>QXM_OPENQASM_SPEC</c> names a checkout of the OpenQASM specification repository, every
/// <c>examples/*.qasm</c> is read by the syntax stage, and the whole front end's verdict on it is printed. The specification's examples are not copied into this repository;
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
        var accepted = 0;
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            var tree = SyntaxParser.Parse(text, Path.GetFileName(file));
            var lowered = OpenQasmParser.Parse(text, Path.GetFileName(file));
            accepted += lowered.Succeeded ? 1 : 0;
            output.WriteLine($"{Path.GetFileName(file)}: {(tree.HasErrors ? "syntax errors" : "read")}, "
                + (lowered.Succeeded ? "accepted" : $"refused: {lowered.Diagnostics.First(d => d.IsError)}"));
            foreach (var diagnostic in tree.Diagnostics)
            {
                output.WriteLine($"  {diagnostic}");
            }

            if (tree.HasErrors)
            {
                failed.Add(Path.GetFileName(file));
            }
        }

        output.WriteLine($"{files.Length - failed.Count} of {files.Length} read without a syntax error, {accepted} accepted by the whole front end");
        Assert.Empty(failed);
    }
}
