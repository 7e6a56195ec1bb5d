using Qxm.Circuits.Parsing;
using Qxm.Circuits.Semantics;
using Qxm.Circuits.Tests.Parsing;
using Xunit.Abstractions;

namespace Qxm.Circuits.Tests.Semantics;

/// <summary>The staged front end against the current one, program by program: where the staged one lowers a program
/// (it refuses what it does not lower yet, naming it), both must build the same canonical circuit, or both refuse it
/// with the same first diagnostic (rule, line, column).</summary>
public class StagedFrontEndTests(ITestOutputHelper output)
{
    private static readonly string[] Inline =
    [
        Programs.Header2 + "qreg q[2];\ncreg c[2];\nh q[0];\ncx q[0], q[1];\nmeasure q -> c;\n",
        Programs.Header2 + "qreg q[3];\ncreg c[3];\ngate g(a, b) x, y { U(a, b, -a^2) x; CX x, y; rz(sin(a)/2) y; }\ng(pi/2, 0.1) q[0], q[1];\ng(1, 2) q, q;\n",
        Programs.Header2 + "qreg q[2];\ncreg c[2];\nmeasure q[0] -> c[0];\nif (c == 1) x q[1];\nif (c == 0) measure q[1] -> c[1];\nreset q;\nbarrier q[0], q;\n",
        Programs.Header2 + "opaque o(a) x;\nqreg q[1];\ngate h2 x { h x; o(1) x; }\n",
        Programs.Header2 + "qreg q[1];\nqreg q[2];\n",
        Programs.Header2 + "qreg q[1];\ngate q a { }\n",
        Programs.Header2 + "gate g(a) a { }\n",
        Programs.Header2 + "qreg q[1];\nfoo q[0];\nrz(theta) q[0];\nrz(f(1)) q[0];\n",
        Programs.Header2 + "qreg q[2];\ncreg c[3];\nmeasure q -> c;\ncx q[0], q[0];\nx q[5];\n",
        "OPENQASM 2.0;\nqreg q[1];\nh q[0];\n",
        Programs.Header3 + "qubit[3] q;\nbit[3] c;\nconst int n = 3;\nfor int i in [0:n - 1] { h q[i]; }\nc = measure q;\n",
        Programs.Header3 + "qubit[2] q;\ninput float theta;\nangle a = theta * 2;\nrx(theta / 2 + pi) q[0];\nctrl @ rz(a) q[0], q[1];\nnegctrl @ x q[1], q[0];\ninv @ s q[0];\npow(2) @ t q[1];\n",
        Programs.Header3 + "qubit[2] q;\nint i = 7;\ni += 2;\ni <<= 1;\nuint[4] u = i;\nfloat f = i ** 0.5;\nbool b = i > 3 && u != 0;\nif (b) { x q[0]; } else { y q[0]; }\nfor int k in {1, 0} { rz(k * f) q[k]; }\n",
        Programs.Header3 + "gate my(a) x, y { ctrl @ rx(a) x, y; inv @ h y; }\nqubit[2] q;\nmy(0.25) q[0], q[1];\nmy(0.5) q;\n",
        Programs.Header3 + "rz(pi/2) $0;\nsx $0;\ncx $0, $1;\nbit[2] c;\nc[0] = measure $0;\nc[1] = measure $1;\n",
        "OPENQASM 3.0;\nqubit[2] q;\nbit[2] b;\nh q[0];\ncnot q[0], q[1];\nb[0] = measure q[0];\nb[1] = measure q[1];\n",
        "OPENQASM 3.0;\nbit[2] b;\n#pragma braket verbatim\nbox {\n  rx(pi/2) $0;\n  cz $0, $1;\n}\n",
        Programs.Header3 + "qubit[4] q;\nh q[1:2];\ncx q[0:1], q[2:3];\nbit c = measure q[3];\n@annotated\nx q[0];\npragma foo bar\n",
        Programs.Header3 + "const int n;\nint x = 2.5;\nconst float y = 1; y = 2;\nqubit q;\nfloat z = q;\n",
        Programs.Header3 + "qubit[2] q;\nint i = 1;\nint i = 2;\nfloat h = 1;\nfor int k in [0:0:3] { }\nrx(true) q[0];\nx q[1.5];\n",
        Programs.Header3 + "qubit[2] q;\nfor int i in [0:10] { x q[i]; }\n",
        Programs.Header3 + "gate g a { measure a; }\ngate k a { for int i in [0:1] { x a; } }\ngate j a { x a[0]; x $0; }\n",
    ];

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        var root = FindRoot();
        foreach (var file in Directory.GetFiles(Path.Combine(root, "tests", "Qxm.Circuits.Tests", "Corpus"), "*.qasm")
                     .Concat(Directory.GetFiles(Path.Combine(root, "examples"), "*.qasm"))
                     .Concat(Directory.GetFiles(Path.Combine(root, "bench", "circuits"), "*.qasm"))
                     .Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(root, file));
        }

        return data;
    }

    [Fact]
    public void Parse_InlinePrograms_AgreeWithTheCurrentFrontEnd()
    {
        var lowered = 0;
        foreach (var source in Inline)
        {
            lowered += Compare(source, "inline.qasm") ? 1 : 0;
        }

        Assert.Equal(Inline.Length, lowered);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Parse_ProgramFiles_AgreeWithTheCurrentFrontEnd(string path)
    {
        var source = File.ReadAllText(Path.Combine(FindRoot(), path));
        Compare(source, Path.GetFileName(path));
    }

    /// <returns>False when the staged front end does not lower the program yet.</returns>
    private bool Compare(string source, string file)
    {
        var current = OpenQasmParser.Parse(source, file);
        var staged = StagedFrontEnd.Parse(source, file);
        if (staged.Diagnostics.Any(d => d.Message.Contains("not yet lowered", StringComparison.Ordinal)))
        {
            output.WriteLine($"{file}: not lowered yet: {staged.Diagnostics.First(d => d.Message.Contains("not yet lowered", StringComparison.Ordinal))}");
            return false;
        }

        var expected = string.Join("\n", current.Diagnostics.Select(d => $"{d.Rule} {d.Line}:{d.Column} {d.Message}"));
        var actual = string.Join("\n", staged.Diagnostics.Select(d => $"{d.Rule} {d.Line}:{d.Column} {d.Message}"));
        Assert.True(expected == actual, $"{file}\n--- current ---\n{expected}\n--- staged ---\n{actual}\n--- program ---\n{source}");
        Assert.Equal(current.Circuit is null ? null : Programs.Text(current.Circuit), staged.Circuit is null ? null : Programs.Text(staged.Circuit));
        return true;
    }

    private static string FindRoot()
    {
        var directory = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(directory, "Qxm.slnx")))
        {
            directory = Path.GetDirectoryName(directory) ?? throw new DirectoryNotFoundException("Qxm.slnx not found above the test output");
        }

        return directory;
    }
}
