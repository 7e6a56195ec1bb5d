using Qxm.Circuits.Parsing;
using Qxm.Circuits.Syntax;
using Qxm.Domain.Backends;
using Qxm.Tests.Shared;
using Xunit.Abstractions;

namespace Qxm.Circuits.Tests.Syntax;

/// <summary>Opt-in: when <c>QXM_OPENQASM_SPEC</c> names a checkout of the OpenQASM specification repository, every
/// <c>examples/*.qasm</c> is read by the syntax stage, and the whole front end's verdict on it is printed. The specification's examples are not copied into this repository;
/// the corpus of our own programs (SpecificationCorpusTests) covers the same features.</summary>
public class SpecificationExamplesTests(ITestOutputHelper output)
{
    /// <summary>Valid programs that need what no backend qxm runs has (externs, pulse-level calibration): the front end
    /// alone, with no target, accepts them; validation for sim.statevector refuses them by rule at the call or the
    /// calibration (SpecificationExamplesValidationTests).</summary>
    private static readonly HashSet<string> NeedBackendFeatures = new(StringComparer.Ordinal) { "gateteleport.qasm", "t1.qasm", "defcal.qasm" };

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
            var error = lowered.Diagnostics.FirstOrDefault(d => d.IsError);
            accepted += error is null ? 1 : 0;
            output.WriteLine($"{Path.GetFileName(file)}: {(tree.HasErrors ? "syntax errors" : "read")}, "
                + (error is null ? $"valid on the language check{(lowered.Succeeded ? "" : " (no circuit: " + lowered.Diagnostics[0].Rule + ")")}" : $"refused: {error}"));
            if (NeedBackendFeatures.Contains(Path.GetFileName(file)) && error is not null)
            {
                failed.Add($"{Path.GetFileName(file)} (needs only what a backend provides, so the language check must accept it)");
            }
            foreach (var diagnostic in tree.Diagnostics)
            {
                output.WriteLine($"  {diagnostic}");
            }

            if (tree.HasErrors)
            {
                failed.Add(Path.GetFileName(file));
            }
        }

        output.WriteLine($"{files.Length - failed.Count} of {files.Length} read without a syntax error, {accepted} valid on the language check (the whole front end, no target)");
        Assert.Empty(failed);
    }

    /// <summary>Opt-in too: every OpenQASM code block of the specification's language pages (<c>source/language/*.rst</c>,
    /// blocks marked <c>qasm</c>, <c>qasm3</c> or unmarked) is answered by the whole front end, read for the simulator's
    /// target, without an exception; most are fragments (no include, names declared elsewhere), so the verdicts are
    /// printed and counted, not asserted.</summary>
    [Fact]
    public void Parse_LanguagePageCodeBlocks_AreAnsweredWithoutAnException()
    {
        var root = Environment.GetEnvironmentVariable("QXM_OPENQASM_SPEC");
        var pages = string.IsNullOrEmpty(root) ? null : Path.Combine(root, "source", "language");
        if (pages is null || !Directory.Exists(pages))
        {
            return;
        }

        var target = new Target(64, 1000, 1) { NominalDurations = NominalDurations.Simulator };
        var blocks = 0;
        var accepted = 0;
        foreach (var page in Directory.GetFiles(pages, "*.rst").Order(StringComparer.Ordinal))
        {
            foreach (var (line, block) in RstCodeBlocks.Read(File.ReadAllLines(page)))
            {
                blocks++;
                var name = $"{Path.GetFileNameWithoutExtension(page)}:{line}";
                var result = OpenQasmParser.Parse(block, name, target: target);
                accepted += result.Succeeded ? 1 : 0;
                output.WriteLine(result.Succeeded ? $"accepted {name}" : $"refused  {result.Diagnostics.First(d => d.IsError)}");
            }
        }

        output.WriteLine($"{accepted} of {blocks} code blocks accepted");
        Assert.True(blocks > 0, "no code blocks found");
    }
}
