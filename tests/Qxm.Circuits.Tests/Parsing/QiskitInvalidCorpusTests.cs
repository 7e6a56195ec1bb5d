using Qxm.Circuits.Parsing;
using Xunit.Abstractions;

namespace Qxm.Circuits.Tests.Parsing;

/// <summary>Opt-in: when <c>QXM_QISKIT_INVALID</c> names a folder of the invalid OpenQASM 2 programs of Qiskit's parser
/// tests (one <c>.qasm</c> file each, collected from its <c>test_parse_errors.py</c>; not copied into this repository),
/// every one must be refused cleanly: no exception, and at least one error with its line and column. Qiskit's parser
/// reads only OpenQASM 2 and takes a program without a version statement as OpenQASM 2, where qxm takes it as OpenQASM 3
/// (as the OpenQASM 3 specification says): such a program is read here with <c>OPENQASM 2.0;</c> on a line before it, and
/// one that declares OpenQASM 3 (invalid for Qiskit's OpenQASM 2 parser only) is counted apart.</summary>
public class QiskitInvalidCorpusTests(ITestOutputHelper output)
{
    [Fact]
    public void Parse_QiskitInvalidPrograms_AreAllRefusedWithAPosition()
    {
        var folder = Environment.GetEnvironmentVariable("QXM_QISKIT_INVALID");
        if (string.IsNullOrEmpty(folder))
        {
            return;
        }

        var files = Directory.GetFiles(folder, "*.qasm").Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(files);
        var accepted = new List<string>();
        var unplaced = new List<string>();
        var version3 = 0;
        foreach (var file in files)
        {
            var source = File.ReadAllText(file);
            if (source.TrimStart().StartsWith("OPENQASM 3", StringComparison.Ordinal))
            {
                version3++;
                continue;
            }

            if (!source.Contains("OPENQASM", StringComparison.Ordinal))
            {
                source = "OPENQASM 2.0;\n" + source;
            }

            var result = OpenQasmParser.Parse(source, Path.GetFileName(file), _ => null);
            var first = result.Diagnostics.FirstOrDefault(d => d.IsError);
            if (first is null)
            {
                accepted.Add(file);
                output.WriteLine($"accepted {Path.GetFileName(file)}:\n{source}\n");
            }
            else if (first.Line < 1 || first.Column < 1)
            {
                unplaced.Add(file);
                output.WriteLine($"no position {Path.GetFileName(file)}: {first}");
            }
        }

        output.WriteLine($"{files.Length - version3 - accepted.Count} of {files.Length - version3} refused, {unplaced.Count} of them without a position; "
            + $"{version3} declare OpenQASM 3 (valid here)");
        Assert.Empty(accepted);
        Assert.Empty(unplaced);
    }
}
