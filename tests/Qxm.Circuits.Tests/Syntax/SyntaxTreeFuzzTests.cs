using System.Globalization;
using Qxm.Circuits.Parsing;
using Qxm.Circuits.Syntax;
using Qxm.Domain.Backends;

namespace Qxm.Circuits.Tests.Syntax;

/// <summary>A grammar-aware fuzzer over the real syntax tree: a seed program is parsed, a node is chosen from its tree
/// and replaced, through its span, by another node of its kind (an expression by an expression, a statement by a
/// statement, from the same program or a pool of extreme ones), deleted, duplicated or nested deeper. Each mutant must
/// be answered by the syntax stage and the current front end without an exception; every span of its tree must point
/// at its own text; and a mutant that reads without syntax errors must print back to text that reads to the same tree
/// (the printer's output is a fixed point). Seeds are fixed; <c>QXM_FUZZ_INPUTS</c> raises the count.</summary>
public class SyntaxTreeFuzzTests
{
    private static readonly string[] Seeds =
    [
        "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[3];\ncreg c[3];\ngate g(a, b) x, y { U(a, b, -a^2) x; CX x, y; }\ng(pi/2, sin(0.1)) q[0], q[1];\nbarrier q;\nmeasure q -> c;\nif (c == 3) x q[2];\nreset q[0];\n",
        "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nconst int n = 3;\nqubit[n] q;\nbit[n] c;\ninput float theta;\nangle[20] a = pi / 4;\nfor uint i in [0:n - 1] {\n  ctrl @ rx(theta * i) q[0], q[1];\n  c[i] = measure q[i];\n}\nif (c[0] == 1 && c[1] != 0) { x q[2]; } else { inv @ s q[2]; }\nwhile (c[0] == 0) { h q[0]; c[0] = measure q[0]; }\n",
        "qubit[4] q;\nbit[4] b;\nlet pair = q[0:1] ++ q[3];\narray[int[8], 2, 2] m = {{1, 2}, {3, 4}};\nint s = sizeof(m, 1) + m[1, 0];\nswitch (s) {\n  case 1, 2 { x q[0]; }\n  default { h q; }\n}\ndef f(int[32] k, qubit[2] r, readonly array[int[8], #dim=2] t) -> bit {\n  bit local = measure r[0];\n  return local;\n}\nb[0] = f(2, pair[0:1], m);\ns <<= 2;\nfloat[64] x = float[64](s) ** 2.5e-1;\n",
        "defcalgrammar \"openpulse\";\nstretch g;\nduration d = 2 * durationof({ x $0; }) + 100ns;\nbox[1us] {\n  delay[g] $0, $1;\n  rz(pi/2)[20ns] $0;\n}\n#pragma braket verbatim\nbox { cz $0, $1; }\n@reversible\npow(2) @ negctrl(2) @ x $0, $1, $2;\ncal { play drive($0), gaussian(...); }\ndefcal x $0 { waveform w = gaussian(1.0, 160dt, 40dt); }\nextern get(int[32], float[64]) -> bit;\ncomplex[float[64]] z = 1.0 + 2im;\nuint u = 0x1F + 0b101 + 1_000;\noutput bit o;\nnop $3;\nend;\n",
        "include \"stdgates.inc\";\nconst int n = 2;\ngate ladder(t) a, b { for int k in [1:n] { rz(k * t) a; cx a, b; } }\nangle[3] c = pi / 2;\nstretch s;\nduration d = -0.5 * durationof({ x $0; cx $0, $1; }) + s;\nc >>= 1;\nladder(0.5) $0, $1;\nmeasure $0 -> c[2];\ninv @ phase(c) $1;\ndelay[d] $1;\n",
        "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[4] q;\nbit[2] c;\narray[float[64], 3] t = {0.1, 0.2, 0.3};\nt[0:1] = t[1:2];\nt[2] *= sizeof(t);\nc = measure q[{0, 1}];\nswitch (c) {\n  case 0 { rx(t[0]) q[2]; }\n  case 1, 3 { x q[{2, 3}]; }\n  default { }\n}\n",
    ];

    /// <summary>The simulator's target, so that <c>durationof</c> of gates is lowered too.</summary>
    private static readonly Target Target = new(64, 1000, 1) { NominalDurations = NominalDurations.Simulator };

    private static readonly string[] ExtremeExpressions =
    [
        "9223372036854775808", "1e400", "-0.0", "pi ** pi ** pi", "q[1:0:-1]", "$2147483648", "\"0110\"", "true",
        "durationof({ x $0; })", "sizeof(q)", "((((((((1))))))))", "a[b[c[0]]]", "measure q[0]", "{1, {2, 3}}", "~!-x",
        "int[8](2.5)", "1 ++ 2", "x % 0", "1 << 64", "[0:1]",
    ];

    private static readonly string[] ExtremeStatements =
    [
        "x q[0];", "gate q a { }", "qubit[2147483647] big;", "for int i in [0:1000000] { }", "def f() { f(); }",
        "return;", "break;", "c = measure q;", "while (true) { }", "{ { { } } }", "OPENQASM 3.0;", "include \"x.inc\";",
        "cal { }", "let a = b;", "switch (1) { default { } }", "if (1) else x q;", "#pragma x", "@ann", "gate g(", "}",
    ];

    private static readonly string[] Wrappers =
    [
        "if (true) { ~ }", "for int k in [0:2] { ~ }", "def w() { ~ }", "gate w q { ~ }", "box { ~ }", "while (false) { ~ }",
        "{ ~ }", "switch (0) { case 0 { ~ } }",
    ];

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void Parse_MutatedTrees_NeverThrow_KeepTrueSpans_AndPrintToAFixedPoint(int seed)
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("QXM_FUZZ_INPUTS"), CultureInfo.InvariantCulture, out var n) ? n / 3 : 250;
        var random = new Random(seed);
        var limits = new ExpansionLimits { MaxOperations = 20_000, MaxLoopIterations = 2_000 };
        var clean = 0;
        for (var i = 0; i < count; i++)
        {
            var source = Seeds[random.Next(Seeds.Length)];
            for (var m = random.Next(1, 4); m > 0; m--)
            {
                source = Mutate(source, random);
            }

            SyntaxTree tree;
            try
            {
                tree = SyntaxParser.Parse(source, "fuzz.qasm");
                OpenQasmParser.Parse(source, "fuzz.qasm", limits: limits, target: Target);
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"{e.GetType().Name}: {e.Message}\n--- input ---\n{source}");
                return;
            }

            AssertSpansPointAtTheirText(tree, source);
            if (tree.HasErrors)
            {
                continue;
            }

            clean++;
            var printed = SyntaxWriter.Write(tree.Root);
            var again = SyntaxParser.Parse(printed, "printed.qasm");
            Assert.False(again.HasErrors, $"the printed tree does not read back: {string.Join("; ", again.Diagnostics)}\n--- input ---\n{source}\n--- printed ---\n{printed}");
            Assert.Equal(printed, SyntaxWriter.Write(again.Root));
        }

        // The mutations must leave enough programs readable for the round trip to be exercised.
        Assert.True(clean > count / 10, $"only {clean} of {count} mutants read without a syntax error");
    }

    private static string Mutate(string source, Random random)
    {
        var tree = SyntaxParser.Parse(source, "seed.qasm");
        var nodes = SyntaxWalker.DescendantsAndSelf(tree.Root).Where(node => node.Span.Length > 0).ToList();
        var expressions = nodes.OfType<ExpressionSyntax>().ToList();
        var statements = nodes.OfType<StatementSyntax>().ToList();
        switch (random.Next(6))
        {
            case 0 when expressions.Count > 0:
                var target = expressions[random.Next(expressions.Count)];
                var donor = random.Next(3) == 0
                    ? ExtremeExpressions[random.Next(ExtremeExpressions.Length)]
                    : Text(source, expressions[random.Next(expressions.Count)]);
                return Splice(source, target, donor);
            case 1 or 2 when statements.Count > 0:
                var statement = statements[random.Next(statements.Count)];
                var replacement = random.Next(3) == 0
                    ? ExtremeStatements[random.Next(ExtremeStatements.Length)]
                    : Text(source, statements[random.Next(statements.Count)]);
                return Splice(source, statement, replacement);
            case 3 when statements.Count > 0:
                return Splice(source, statements[random.Next(statements.Count)], "");
            case 4 when statements.Count > 0:
                var duplicated = statements[random.Next(statements.Count)];
                return Splice(source, duplicated, Text(source, duplicated) + "\n" + Text(source, duplicated));
            case 5 when statements.Count > 0:
                var wrapped = statements[random.Next(statements.Count)];
                var text = Text(source, wrapped);
                for (var depth = random.Next(1, random.Next(8) == 0 ? 260 : 4); depth > 0; depth--)
                {
                    text = Wrappers[random.Next(Wrappers.Length)].Replace("~", text, StringComparison.Ordinal);
                }

                return Splice(source, wrapped, text);
            default:
                return source;
        }
    }

    private static string Text(string source, SyntaxNode node) => source.Substring(node.Span.Start, node.Span.Length);

    private static string Splice(string source, SyntaxNode node, string text) =>
        string.Concat(source.AsSpan(0, node.Span.Start), text, source.AsSpan(node.Span.End));

    private static void AssertSpansPointAtTheirText(SyntaxTree tree, string source)
    {
        var lineStarts = new List<int> { 0 };
        for (var i = 0; i < source.Length; i++)
        {
            if (source[i] == '\n')
            {
                lineStarts.Add(i + 1);
            }
        }

        foreach (var node in SyntaxWalker.DescendantsAndSelf(tree.Root))
        {
            var span = node.Span;
            if (node is ProgramSyntax || span.Length == 0)
            {
                continue;
            }

            Assert.True(span.Start >= 0 && span.End <= source.Length, $"{node.GetType().Name} span {span} is outside the text\n{source}");
            var (line, column) = tree.Source.Locate(span.Start);
            Assert.Equal(lineStarts[line - 1] + column - 1, span.Start);
            Assert.True(line == lineStarts.Count || lineStarts[line] > span.Start, $"{node.GetType().Name} at {span.Start} is not on line {line}");
        }
    }
}
